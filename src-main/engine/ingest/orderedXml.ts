/** fast-xml-parser's `preserveOrder` tree: each node is `{ tag: children[], ':@'?: attributes }` or `{ '#text': s }`. */
export type OrderedNode = Record<string, unknown>;

export function tagOf(node: OrderedNode): string | undefined {
  return Object.keys(node).find((key) => key !== ':@' && key !== '#text');
}

export function childrenOf(node: OrderedNode, tag: string): OrderedNode[] {
  const value = node[tag];
  return Array.isArray(value) ? (value as OrderedNode[]) : [];
}

/**
 * Text of nodes in document order, `<br>` as a line break. Elements named in `skip` are left out (their text is
 * taken elsewhere, e.g. nested lists, which are blocks of their own).
 */
export function textOf(nodes: readonly OrderedNode[], skip: ReadonlySet<string> = new Set()): string {
  let out = '';
  for (const node of nodes) {
    const text = node['#text'];
    if (typeof text === 'string' || typeof text === 'number') out += String(text);
    const tag = tagOf(node);
    if (tag === 'br') out += '\n';
    else if (tag && !skip.has(tag)) out += textOf(childrenOf(node, tag), skip);
  }
  return out;
}
