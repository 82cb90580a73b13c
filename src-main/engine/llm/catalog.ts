import { existsSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { CatalogEntry } from '../../../src-shared/domain/model';
import { LecternError } from '../../../src-shared/errors';
import catalogJson from '../../../models/catalog.json';

const entrySchema = z
  .object({
    id: z.string().min(1),
    name: z.string().min(1),
    tier: z.enum(['small', 'medium', 'large']),
    uri: z.string().regex(/^(hf:|https?:\/\/)/),
    // A bare file name: it is joined to the models folder, so no separators or `..`.
    fileName: z
      .string()
      .regex(/^[\w.-]+\.gguf$/)
      .refine((n) => !n.startsWith('.')),
    sizeBytes: z.number().int().positive(),
    sha256: z
      .string()
      .regex(/^[0-9a-f]{64}$/)
      .optional(),
    license: z.string().min(1),
    description: z.string(),
  })
  .strict();

const catalogSchema = z.object({ $comment: z.string().optional(), models: z.array(entrySchema) }).strict();

/** The recommended models from models/catalog.json, checked once (a broken catalog is a bug, caught by the tests). */
export function readCatalog(raw: unknown = catalogJson): CatalogEntry[] {
  const parsed = catalogSchema.safeParse(raw);
  if (!parsed.success) throw new LecternError('INTERNAL', `models/catalog.json is invalid: ${parsed.error.message}`);
  return parsed.data.models;
}

/** The catalog with `downloaded` set for files already in the models folder. */
export function listCatalog(modelsDir: string, catalog: CatalogEntry[] = readCatalog()): CatalogEntry[] {
  return catalog.map((entry) => ({ ...entry, downloaded: existsSync(path.join(modelsDir, entry.fileName)) }));
}

export function catalogEntry(id: string, catalog: CatalogEntry[] = readCatalog()): CatalogEntry {
  const entry = catalog.find((e) => e.id === id);
  if (!entry)
    throw new LecternError('NOT_FOUND', `No catalog model "${id}". Known: ${catalog.map((e) => e.id).join(', ')}.`);
  return entry;
}
