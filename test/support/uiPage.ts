import { expect } from 'vitest';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import axe from 'axe-core';
import type { Page } from 'playwright-core';
import { REPO_ROOT } from './serveProcess';

export const RESULTS_DIR = path.join(REPO_ROOT, 'test-results');

export interface AxeViolation {
  id: string;
  impact?: string | null;
  help: string;
  nodes: { target: unknown[] }[];
}

/** Runs axe-core in the page and returns the serious and critical violations (the ones the test fails on). */
export async function seriousViolations(page: Page): Promise<AxeViolation[]> {
  // Evaluated as strings: this file compiles without DOM types (tsconfig.node.json).
  const loaded = await page.evaluate<boolean>('typeof window.axe !== "undefined"');
  // Through the DevTools protocol rather than a <script> tag: the page's CSP (rightly) refuses inline scripts.
  if (!loaded) await page.evaluate(axe.source);
  const violations = await page.evaluate<AxeViolation[]>(`axe
    .run(document, { resultTypes: ['violations'] })
    .then((r) => r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target })) })))`);
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/**
 * Saves the screen in light and dark (test-results/ui-<screen>-<scheme>.png) and checks both with axe, since colour
 * contrast differs between the two. Returns the violations found, keyed by scheme.
 */
export async function captureScreen(page: Page, screen: string): Promise<Record<string, AxeViolation[]>> {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const found: Record<string, AxeViolation[]> = {};
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    // Let transitions settle so the screenshot and the contrast check see final colours.
    await page.waitForTimeout(150);
    await page.screenshot({ path: path.join(RESULTS_DIR, `ui-${screen}-${colorScheme}.png`) });
    found[colorScheme] = await seriousViolations(page);
  }
  await page.emulateMedia({ colorScheme: 'light' });
  return found;
}

/** Captures a screen in both schemes; any serious or critical axe violation fails the test with its details. */
export async function expectScreenClean(page: Page, name: string): Promise<void> {
  const found = await captureScreen(page, name);
  const report = (list: AxeViolation[] = []) =>
    list.map((v) => `${v.id} (${v.impact}): ${v.help} ${JSON.stringify(v.nodes.map((n) => n.target))}`);
  expect({ light: report(found.light), dark: report(found.dark) }, `axe on ${name}`).toEqual({ light: [], dark: [] });
}
