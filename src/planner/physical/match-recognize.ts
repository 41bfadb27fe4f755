/**
 * MATCH_RECOGNIZE in the physical planner: the logical MatchRecognize becomes a `Match` node (Flink's
 * StreamPhysicalMatch: insert-only in and out), its pattern is checked against what Flink's CEP
 * translation accepts, and the operator is built with compiled DEFINE conditions and MEASURES.
 *
 * Pattern rules (Flink's StreamExecMatch PatternVisitor and NFACompiler): a sequence of distinct
 * variables, each optionally quantified; no alternation, no quantified groups; a reluctant `??` is
 * rejected; the last variable must not be a greedy loop. Quantifiers: `*` `+` `{n,}` `{n,m}` (n < m)
 * are greedy loops unless reluctant; `?` and `{n}` never are.
 */
import { B, type BoundExpr, transform } from '../../expr/bound.ts';
import type { AfterMatchSkip, PatternElement, VariableCondition } from '../../runtime/cep/pattern.ts';
import type { Operator } from '../../runtime/operator.ts';
import { MatchRecognizeOperator } from '../../runtime/operators/match-recognize.ts';
import { describeNode, formatMillis } from '../explain/describe.ts';
import { formatExpr } from '../explain/format-expr.ts';
import type { BoundPattern, Field, MatchRecognize, Schema } from '../logical/nodes.ts';
import { updateProducer } from './changelog.ts';
import { INSERT_ONLY, isInsertOnly } from './changelog-mode.ts';
import { compileMatchExpr, type MatchExprScope } from './match-expressions.ts';
import type { MatchNode, PhysicalNode } from './nodes.ts';
import { type OperatorEnv, rowComparator } from './operator-builders.ts';
import { planningError, type Translator } from './translate.ts';

export interface CompiledPattern {
  readonly variables: readonly string[];
  readonly elements: readonly PatternElement[];
}

function patternText(p: BoundPattern): string {
  switch (p.kind) {
    case 'Variable':
      return p.name;
    case 'Concat':
      return p.items.map(patternText).join(' ');
    case 'Alternation':
      return `(${p.items.map(patternText).join(' | ')})`;
    case 'Quantified': {
      const { min, max } = p;
      const q =
        min === 0 && max === undefined
          ? '*'
          : min === 1 && max === undefined
            ? '+'
            : min === 0 && max === 1
              ? '?'
              : max === undefined
                ? `{${min},}`
                : min === max
                  ? `{${min}}`
                  : `{${min},${max}}`;
      const operand = p.operand.kind === 'Variable' ? p.operand.name : `(${patternText(p.operand)})`;
      return `${operand}${q}${p.reluctant ? '?' : ''}`;
    }
  }
}

/** Flattens the bound pattern into quantified variables, with Flink's restrictions. */
export function compilePattern(pattern: BoundPattern): CompiledPattern {
  const variables: string[] = [];
  const elements: PatternElement[] = [];
  const add = (name: string, min: number, max: number, reluctant: boolean): void => {
    if (variables.includes(name)) {
      throw planningError(
        'Pattern variables must be unique. That might change in the future.',
        `'${name}' occurs more than once in PATTERN; give each occurrence its own variable`,
      );
    }
    const optional = min === 0 && max === 1;
    if (optional && reluctant) throw planningError('Reluctant optional variables are not supported yet.');
    if (max === 0)
      throw planningError(`The quantifier of '${name}' allows no rows; use an upper bound of at least 1`);
    variables.push(name);
    elements.push({
      variable: variables.length - 1,
      min,
      max,
      greedy: !reluctant && !optional && min !== max,
    });
  };
  const walk = (p: BoundPattern): void => {
    switch (p.kind) {
      case 'Variable':
        add(p.name, 1, 1, false);
        return;
      case 'Concat':
        for (const item of p.items) walk(item);
        return;
      case 'Alternation':
        throw planningError(
          `Expression not supported: ${patternText(p)}. Currently, CEP doesn't support branching patterns.`,
        );
      case 'Quantified':
        if (p.operand.kind !== 'Variable') {
          throw planningError(
            `Expression not supported: ${patternText(p)} Group patterns are not supported yet.`,
            'Quantify single pattern variables only',
          );
        }
        add(p.operand.name, p.min, p.max ?? Number.POSITIVE_INFINITY, p.reluctant);
    }
  };
  walk(pattern);
  const last = elements[elements.length - 1];
  if (last?.greedy) {
    throw planningError(
      'Greedy quantifiers are not allowed as the last element of a Pattern yet. Finish your pattern with either a simple variable or reluctant quantifier.',
    );
  }
  return { variables, elements };
}

function afterMatch(match: MatchRecognize, variables: readonly string[]): AfterMatchSkip {
  const { to, variable } = match.afterMatch;
  if (to === 'PAST LAST ROW') return { kind: 'past-last-row' };
  if (to === 'NEXT ROW') return { kind: 'to-next-row' };
  const index = variables.indexOf(variable ?? '');
  if (index < 0) {
    throw planningError(
      'The pattern name specified in AfterMatchSkipStrategy can not be found in the given Pattern',
      `AFTER MATCH SKIP TO ${to} ${variable ?? ''}: name a variable of PATTERN`,
    );
  }
  return { kind: to === 'FIRST' ? 'to-first' : 'to-last', variable: index };
}

/** MatchRecognize → Match over the translated input, rejecting what Flink rejects at planning time. */
export function translateMatchRecognize(t: Translator, plan: MatchRecognize): PhysicalNode {
  const input = t.translate(plan.input);
  if (!isInsertOnly(input.changelogMode)) {
    throw planningError(
      `Match doesn't support consuming update and delete changes which is produced by node ${describeNode(updateProducer(input))}`,
    );
  }
  const node: MatchNode = {
    kind: 'Match',
    input,
    match: plan,
    schema: plan.schema,
    changelogMode: INSERT_ONLY,
    uniqueKeys: [],
    upsertKeys: [],
  };
  // compile once here so that unsupported constructs fail at planning (and EXPLAIN) time
  matchRecognizeOperator(node, { ctx: {}, connectors: t.options.connectors, config: t.options.config });
  return node;
}

export function matchRecognizeOperator(node: MatchNode, env: OperatorEnv): Operator {
  const match = node.match;
  const input: Schema = node.input.schema;
  const pattern = compilePattern(match.pattern);
  if (match.subsets.length > 0) {
    throw planningError(
      'SUBSET is not supported in MATCH_RECOGNIZE',
      'Flink does not support SUBSET yet; repeat the condition or measure per pattern variable',
    );
  }
  const variables = pattern.variables;
  const scope: MatchExprScope = { variables, width: input.length, ctx: env.ctx };
  const conditions: (VariableCondition | undefined)[] = pattern.variables.map(() => undefined);
  for (const d of match.defines) {
    const i = pattern.variables.indexOf(d.variable);
    if (i < 0) continue; // the binder rejects DEFINE of a variable that is not in PATTERN
    const fn = compileMatchExpr(d.condition, scope, { clause: 'DEFINE', variable: d.variable });
    conditions[i] = (rows) => fn(rows, undefined) === true;
  }
  const measures = match.measures.map((m) => compileMatchExpr(m.expr, scope, { clause: 'MEASURES' }));
  const [first, ...rest] = match.orderKeys;
  const firstType = first === undefined ? undefined : input[first.index]?.type;
  const rowtime =
    firstType !== undefined && 'timeAttribute' in firstType && firstType.timeAttribute === 'rowtime';
  return new MatchRecognizeOperator({
    partitionKeyIndexes: match.partitionKeys,
    ...(rowtime && first ? { timeIndex: first.index } : {}),
    ...(rest.length > 0 ? { compare: rowComparator(rest, input) } : {}),
    nfa: {
      variables: pattern.variables,
      elements: pattern.elements,
      conditions,
      skip: afterMatch(match, pattern.variables),
      ...(match.withinMillis === undefined ? {} : { withinMs: match.withinMillis }),
    },
    measures: (rows, measureEnv) => measures.map((f) => f(rows, measureEnv)),
  });
}

/** A bound MATCH_RECOGNIZE expression for EXPLAIN: pattern references print as `A.price`. */
function exprText(e: BoundExpr, input: Schema): string {
  const names: Field[] = [...input];
  const plain = transform(e, (n) => {
    if (n.kind !== 'call' || n.name !== 'PATTERN_REF' || n.args[0]?.kind !== 'symbol') return undefined;
    const column = n.args[1]!;
    const name = `${n.args[0].name}.${column.kind === 'input' ? input[column.index]?.name : '?'}`;
    names.push({ name, type: n.type });
    return B.input(names.length - 1, n.type);
  });
  return formatExpr(plain, names);
}

const AFTER: Record<string, string> = {
  'PAST LAST ROW': 'SKIP PAST LAST ROW',
  'NEXT ROW': 'SKIP TO NEXT ROW',
  FIRST: 'SKIP TO FIRST',
  LAST: 'SKIP TO LAST',
};

/** `Match(partitionBy=[...], orderBy=[...], measures=[...], rowsPerMatch=[...], after=[...], pattern=[...], define=[...])`. */
export function describeMatch(node: MatchNode): string {
  const m = node.match;
  const input = node.input.schema;
  const parts: string[] = [];
  if (m.partitionKeys.length > 0)
    parts.push(`partitionBy=[${m.partitionKeys.map((i) => input[i]?.name).join(', ')}]`);
  parts.push(`orderBy=[${m.orderKeys.map((k) => `${input[k.index]?.name} ${k.direction}`).join(', ')}]`);
  if (m.measures.length > 0) {
    parts.push(
      `measures=[${m.measures.map((x) => `FINAL(${exprText(x.expr, input)}) AS ${x.name}`).join(', ')}]`,
    );
  }
  parts.push(`rowsPerMatch=[${m.rowsPerMatch === 'ONE' ? 'ONE ROW PER MATCH' : 'ALL ROWS PER MATCH'}]`);
  parts.push(`after=[${AFTER[m.afterMatch.to]}${m.afterMatch.variable ? ` ${m.afterMatch.variable}` : ''}]`);
  parts.push(`pattern=[${patternText(m.pattern)}]`);
  if (m.withinMillis !== undefined) parts.push(`within=[${formatMillis(m.withinMillis)}]`);
  parts.push(
    `define=[{${m.defines.map((d) => `${d.variable}=${exprText(d.condition, input)}`).join(', ')}}]`,
  );
  return `Match(${parts.join(', ')})`;
}
