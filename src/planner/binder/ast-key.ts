/** A structural key of an AST subtree that ignores source positions, to match repeated expressions. */
import type { Node } from '../../sql/ast.ts';

export function astKey(node: Node): string {
  return JSON.stringify(node, (key, value: unknown) => {
    if (key === 'span') return undefined;
    // `x` and `` `x` `` are the same name
    if (key === 'quoted') return undefined;
    return value;
  });
}
