/** The table names a statement refers to (as written), so async catalogs can be prefetched. */
import type { Node, QualifiedName } from '../../sql/ast.ts';
import { walk } from '../../sql/visitor.ts';

export function referencedTables(node: Node): string[][] {
  const out: string[][] = [];
  const add = (n: QualifiedName) => out.push(n.parts.map((p) => p.value));
  walk(node, (n) => {
    switch (n.kind) {
      case 'TableName':
      case 'TableArgument':
        add(n.name);
        break;
      case 'Insert':
        add(n.target);
        break;
      case 'LikeClause':
        add(n.source);
        break;
      case 'AlterTable':
      case 'AlterView':
      case 'Describe':
      case 'ShowCreate':
        add(n.name);
        break;
      default:
        break;
    }
  });
  return out;
}
