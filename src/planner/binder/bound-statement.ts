/** What binding a statement yields: a plan, a catalog action, or a utility action for the engine. */

import type { ObjectPath } from '../../catalog/catalog.ts';
import type { CatalogAction } from '../../catalog/catalog-manager.ts';
import type { Statement } from '../../sql/ast.ts';
import type { LogicalPlan, Sink } from '../logical/nodes.ts';

export type BoundStatement =
  | { readonly kind: 'Query'; readonly plan: LogicalPlan; readonly names: readonly string[] }
  | { readonly kind: 'Insert'; readonly sink: Sink }
  | { readonly kind: 'StatementSet'; readonly sinks: readonly Sink[] }
  | { readonly kind: 'CatalogAction'; readonly action: CatalogAction }
  | {
      readonly kind: 'CreateTableAs';
      readonly action: CatalogAction & { kind: 'CreateTable' };
      readonly sink: Sink;
    }
  | {
      readonly kind: 'Show';
      readonly what: Extract<Statement, { kind: 'Show' }>['what'];
      readonly catalog?: string;
      readonly database?: string;
      readonly table?: ObjectPath;
      readonly like?: {
        readonly pattern: string;
        readonly negated: boolean;
        readonly caseInsensitive: boolean;
      };
    }
  | {
      readonly kind: 'ShowCreate';
      readonly objectType: 'TABLE' | 'VIEW' | 'CATALOG';
      readonly path?: ObjectPath;
      readonly catalog?: string;
    }
  | { readonly kind: 'Describe'; readonly path: ObjectPath; readonly extended: boolean }
  | { readonly kind: 'Set'; readonly key?: string; readonly value?: string }
  | { readonly kind: 'Reset'; readonly key?: string }
  | { readonly kind: 'Explain'; readonly details: readonly string[]; readonly statement: BoundStatement }
  | {
      readonly kind: 'StopJob';
      readonly jobId: string;
      readonly withSavepoint: boolean;
      readonly withDrain: boolean;
    }
  | { readonly kind: 'LoadModule'; readonly name: string; readonly options: Readonly<Record<string, string>> }
  | { readonly kind: 'UnloadModule'; readonly name: string }
  | {
      readonly kind: 'AlterCatalog';
      readonly name: string;
      readonly set?: Readonly<Record<string, string>>;
      readonly reset?: readonly string[];
      readonly comment?: string;
    }
  | { readonly kind: 'TruncateTable'; readonly path: ObjectPath }
  | { readonly kind: 'UseModules'; readonly names: readonly string[] }
  | { readonly kind: 'Jar'; readonly action: 'ADD' | 'REMOVE'; readonly path: string }
  /** ALTER ... IF EXISTS on a missing table: nothing to do. */
  | { readonly kind: 'NoOp'; readonly reason: string };
