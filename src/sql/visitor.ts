/**
 * Generic traversal of the AST. Children are found by shape (any property holding a node or an array
 * of nodes, `span` aside), so new node kinds are covered without touching this file.
 */
import type { Node } from './ast.ts';

function isNode(value: unknown): value is Node {
  return (
    typeof value === 'object' && value !== null && typeof (value as { kind?: unknown }).kind === 'string'
  );
}

/** Calls `fn` for each direct child node of `node`, in property order. */
export function forEachChild(node: Node, fn: (child: Node) => void): void {
  for (const key in node) {
    if (key === 'span' || key === 'kind') continue;
    const value: unknown = (node as unknown as Record<string, unknown>)[key];
    if (Array.isArray(value)) {
      for (const item of value) if (isNode(item)) fn(item);
    } else if (isNode(value)) {
      fn(value);
    }
  }
}

/**
 * Visits `node` and its descendants depth-first, parents before children. Returning `false` from
 * `fn` skips the children of that node.
 */
export function walk(node: Node, fn: (node: Node, parent: Node | undefined) => unknown): void {
  const visit = (current: Node, parent: Node | undefined): void => {
    if (fn(current, parent) === false) return;
    forEachChild(current, (child) => visit(child, current));
  };
  visit(node, undefined);
}

/**
 * Rebuilds `node` bottom-up: `fn` sees each node after its children were transformed and returns a
 * replacement, or `undefined` to keep it. Unchanged subtrees are returned as the same objects.
 */
export function transform<N extends Node>(node: N, fn: (node: Node) => Node | undefined): N {
  const rebuild = (current: Node): Node => {
    let changed: Record<string, unknown> | undefined;
    const record = current as unknown as Record<string, unknown>;
    for (const key in record) {
      if (key === 'span' || key === 'kind') continue;
      const value = record[key];
      let next: unknown = value;
      if (Array.isArray(value)) {
        let arrayChanged = false;
        const mapped = value.map((item: unknown) => {
          if (!isNode(item)) return item;
          const replaced = rebuild(item);
          if (replaced !== item) arrayChanged = true;
          return replaced;
        });
        if (arrayChanged) next = mapped;
      } else if (isNode(value)) {
        next = rebuild(value);
      }
      if (next !== value) {
        changed ??= { ...record };
        changed[key] = next;
      }
    }
    const rebuilt = (changed ?? current) as unknown as Node;
    return fn(rebuilt) ?? rebuilt;
  };
  return rebuild(node) as N;
}
