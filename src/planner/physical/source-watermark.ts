/**
 * `WATERMARK FOR ts AS SOURCE_WATERMARK()`: the source emits the watermarks itself (the Kafka source
 * learns them per partition and merges them by minimum, with idleness), so the physical plan gets
 * no WatermarkAssigner — only the rowtime column is marked as a time attribute. Only connectors
 * that generate watermarks accept it; anything else is a planning error naming the fix.
 */
import type { BoundExpr } from '../../expr/bound.ts';
import { SqlError } from '../../sql/errors.ts';
import type { Schema } from '../logical/nodes.ts';
import type { ConnectorRegistry } from './connectors.ts';
import type { PhysicalNode, TableSourceScanNode } from './nodes.ts';

/** Connectors whose sources generate watermarks for SOURCE_WATERMARK() (others say so themselves). */
const WATERMARKING_CONNECTORS = new Set(['kafka']);

const planningError = (message: string, hint: string): SqlError =>
  new SqlError({ code: 'PLANNING', message, hint });

export function isSourceWatermark(watermark: BoundExpr): boolean {
  return watermark.kind === 'call' && watermark.name === 'SOURCE_WATERMARK';
}

/** The scan below the (computed-column) Calc a table scan plans to. */
function scanBelow(node: PhysicalNode): TableSourceScanNode | undefined {
  if (node.kind === 'TableSourceScan') return node;
  if (node.kind === 'Calc' || node.kind === 'ChangelogNormalize') return scanBelow(node.input);
  return undefined;
}

/**
 * The translated scan with the rowtime column marked (`schema`: the WatermarkAssigner's output
 * schema), in place of a WatermarkAssigner.
 */
export function withSourceWatermark(
  input: PhysicalNode,
  rowtimeIndex: number,
  schema: Schema,
  connectors: ConnectorRegistry,
): PhysicalNode {
  const scan = scanBelow(input);
  const connector = scan?.options.connector;
  const name = scan ? `${scan.path.catalog}.${scan.path.database}.${scan.path.name}` : 'the table';
  const generates =
    scan !== undefined &&
    connector !== undefined &&
    (WATERMARKING_CONNECTORS.has(connector) ||
      connectors.sourceGeneratesWatermarks({ path: scan.path, table: scan.table, options: scan.options }));
  if (scan === undefined || !generates) {
    throw planningError(
      `SOURCE_WATERMARK() on '${schema[rowtimeIndex]?.name ?? '?'}' of ${name} needs a source that generates watermarks ('connector' = 'kafka'), but the connector is '${connector ?? 'none'}'`,
      `Declare an explicit watermark instead, e.g. WATERMARK FOR ${schema[rowtimeIndex]?.name ?? 'ts'} AS ${schema[rowtimeIndex]?.name ?? 'ts'} - INTERVAL '5' SECOND`,
    );
  }
  const rowtime = scan.table.columns.find((c) => c.name === schema[rowtimeIndex]?.name);
  if (rowtime?.kind === 'computed') {
    throw planningError(
      `SOURCE_WATERMARK() needs a physical or metadata rowtime column; '${rowtime.name}' of ${name} is computed`,
      'Use an explicit watermark expression on a computed rowtime column',
    );
  }
  return { ...input, schema } as PhysicalNode;
}
