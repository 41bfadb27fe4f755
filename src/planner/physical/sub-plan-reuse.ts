/**
 * Sub-plan reuse (Flink's `table.optimizer.reuse-sub-plan-enabled` and `reuse-source-enabled`, both
 * on by default): physical sub-trees that are structurally equal — same kind, same parameters and
 * expressions, equal inputs — become one shared node, so the job builder builds one operator chain
 * and fans its output out to every consumer (q5 scans `bid` and runs its HOP count once, not twice).
 *
 * Equality is a digest per node: its kind and every field except its inputs, serialised, plus the
 * ids of its (already deduplicated) inputs. A node is never shared when it is a Sink, when one of its
 * expressions is non-deterministic (RAND, UUID, PROCTIME ... would be evaluated once for two
 * consumers that each expect their own values), when a field holds something that cannot be compared
 * structurally (a function, a class instance), or, for sources, when source reuse is off. A node that
 * is not shared gives its consumers a unique input, so they are not shared either.
 */
import { lookupFunction } from '../../expr/functions/registry.ts';
import { type PhysicalNode, physicalInputs } from './nodes.ts';
import { booleanOption } from './options.ts';

export const REUSE_SUB_PLAN_KEY = 'table.optimizer.reuse-sub-plan-enabled';
export const REUSE_SOURCE_KEY = 'table.optimizer.reuse-source-enabled';

/** Planner-defined calls (not in the function registry) whose value is not a function of the row. */
const SPECIAL_NON_DETERMINISTIC = new Set(['PROCTIME', 'CURRENT_WATERMARK', 'MATCH_PROCTIME']);
const INPUT_FIELDS = new Set(['input', 'left', 'right', 'inputs']);

/** Thrown inside the serialiser when a value cannot be compared structurally. */
class NotReusable extends Error {}

/**
 * A canonical text for a plain value (objects with sorted keys). Bound-expression calls to
 * non-deterministic functions, functions and class instances make the node not reusable.
 */
function canonical(value: unknown, depth = 0): string {
  if (depth > 200) throw new NotReusable();
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
      return Object.is(value, -0) ? '-0' : String(value);
    case 'bigint':
      return `${value}n`;
    case 'boolean':
      return value ? 'T' : 'F';
    case 'undefined':
      return 'U';
    case 'function':
    case 'symbol':
      throw new NotReusable();
  }
  if (value === null) return 'N';
  if (Array.isArray(value)) return `[${value.map((v) => canonical(v, depth + 1)).join(',')}]`;
  if (value instanceof Uint8Array) return `x'${Buffer.from(value).toString('hex')}'`;
  if (value instanceof Map) {
    const entries = [...value].map(([k, v]) => `${canonical(k, depth + 1)}:${canonical(v, depth + 1)}`);
    return `M{${entries.sort().join(',')}}`;
  }
  if (value instanceof Set) {
    return `S{${[...value]
      .map((v) => canonical(v, depth + 1))
      .sort()
      .join(',')}}`;
  }
  if (Object.getPrototypeOf(value) !== Object.prototype) throw new NotReusable();
  const record = value as Record<string, unknown>;
  if (record.kind === 'call' && typeof record.name === 'string' && Array.isArray(record.args)) {
    const name = record.name;
    if (SPECIAL_NON_DETERMINISTIC.has(name) || lookupFunction(name)?.deterministic === false) {
      throw new NotReusable();
    }
  }
  const keys = Object.keys(record).sort();
  return `{${keys.map((k) => `${k}:${canonical(record[k], depth + 1)}`).join(',')}}`;
}

function withPhysicalInputs(node: PhysicalNode, inputs: readonly PhysicalNode[]): PhysicalNode {
  const current = physicalInputs(node);
  if (current.length === inputs.length && current.every((n, i) => n === inputs[i])) return node;
  switch (node.kind) {
    case 'Join':
    case 'IntervalJoin':
    case 'WindowJoin':
    case 'TemporalJoin':
    case 'LateralSnapshotJoin':
      return { ...node, left: inputs[0]!, right: inputs[1]! };
    case 'Union':
      return { ...node, inputs };
    case 'TableSourceScan':
    case 'Values':
      return node;
    default:
      return { ...node, input: inputs[0]! };
  }
}

/** The digest of `node` given its inputs' ids; undefined when the node must not be shared. */
function digestOf(
  node: PhysicalNode,
  inputIds: readonly number[],
  reuseSources: boolean,
): string | undefined {
  if (node.kind === 'Sink') return undefined;
  if (!reuseSources && node.kind === 'TableSourceScan') return undefined;
  const record = node as unknown as Record<string, unknown>;
  try {
    const fields = Object.keys(record)
      .filter((k) => !INPUT_FIELDS.has(k))
      .sort()
      .map((k) => `${k}:${canonical(record[k])}`);
    return `${fields.join(',')}|${inputIds.join(',')}`;
  } catch (e) {
    if (e instanceof NotReusable) return undefined;
    throw e;
  }
}

/** The roots with equal sub-plans shared (the same object), unless the config turns reuse off. */
export function reuseSubPlans(
  roots: readonly PhysicalNode[],
  config: ReadonlyMap<string, string>,
): readonly PhysicalNode[] {
  if (!booleanOption(config, REUSE_SUB_PLAN_KEY, true)) return roots;
  // Flink: source reuse only applies when sub-plan reuse is on
  const reuseSources = booleanOption(config, REUSE_SOURCE_KEY, true);
  const rewritten = new Map<PhysicalNode, PhysicalNode>();
  const idOf = new Map<PhysicalNode, number>();
  const byDigest = new Map<string, PhysicalNode>();
  const keep = (node: PhysicalNode): PhysicalNode => {
    idOf.set(node, idOf.size);
    return node;
  };
  const visit = (node: PhysicalNode): PhysicalNode => {
    const done = rewritten.get(node);
    if (done !== undefined) return done;
    const inputs = physicalInputs(node).map(visit);
    const candidate = withPhysicalInputs(node, inputs);
    const digest = digestOf(
      candidate,
      inputs.map((i) => idOf.get(i)!),
      reuseSources,
    );
    let result: PhysicalNode;
    if (digest === undefined) result = keep(candidate);
    else {
      const seen = byDigest.get(digest);
      if (seen !== undefined) result = seen;
      else {
        byDigest.set(digest, candidate);
        result = keep(candidate);
      }
    }
    rewritten.set(node, result);
    return result;
  };
  return roots.map(visit);
}

/** Nodes consumed more than once in the plan (by several parents, or as several roots). */
export function sharedNodes(roots: readonly PhysicalNode[]): Set<PhysicalNode> {
  const uses = new Map<PhysicalNode, number>();
  const shared = new Set<PhysicalNode>();
  const visit = (node: PhysicalNode): void => {
    const n = (uses.get(node) ?? 0) + 1;
    uses.set(node, n);
    if (n > 1) {
      shared.add(node);
      return;
    }
    for (const input of physicalInputs(node)) visit(input);
  };
  for (const root of roots) visit(root);
  return shared;
}
