/** The harness's report: machine facts, the results table (text and Markdown) and docs rewriting. */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';

export interface QueryReport {
  readonly query: string;
  readonly events: number;
  readonly error?: string;
  readonly wallSeconds?: number;
  readonly eventsPerSecond?: number;
  /** Events per CPU second of the engine, leaving out the harness's checksum sink. */
  readonly eventsPerCpuSecond?: number;
  /** Events per CPU second including the checksum sink. */
  readonly eventsPerCpuSecondWithSink?: number;
  readonly peakRssMb?: number;
  readonly changes?: number;
  readonly finalRows?: number;
  readonly checksum?: string;
  readonly limitEventsPerSecond?: number;
  readonly limitEventsPerCpuSecond?: number;
  /** engine events/CPU-s ÷ limit events/CPU-s. */
  readonly engineVsLimit?: number;
  readonly limitCheck?: 'OK' | 'MISMATCH';
  readonly duckdbSeconds?: number;
  readonly duckdbCpuSeconds?: number;
  /** engine events/CPU-s ÷ DuckDB events/CPU-s. */
  readonly engineVsDuckdb?: number;
  readonly duckdbCheck?: 'OK' | 'MISMATCH';
  readonly duckdbDiff?: string;
  /** With `--repeat N`: the runs the figures are the median of, and their events/CPU-s range. */
  readonly runs?: number;
  readonly eventsPerCpuSecondRange?: readonly [number, number];
  /** Set when the repeated runs did not all give the same checksum. */
  readonly repeatCheck?: 'MISMATCH';
  /** With `--source both`: the same query reading the events from the kafka topic. */
  readonly kafka?: KafkaRun;
}

/** A query's run over the kafka topic (Avro through the Schema Registry) instead of the generator. */
export interface KafkaRun {
  readonly error?: string;
  readonly wallSeconds?: number;
  /** Events per CPU second of the engine, without the checksum sink (as for the generator run). */
  readonly eventsPerCpuSecond?: number;
  readonly checksum?: string;
  /** Whether the checksum equals the generator run's ('n/a' for processing-time results). */
  readonly check?: 'OK' | 'MISMATCH' | 'n/a';
}

export interface MachineFacts {
  readonly nproc: string;
  readonly cpuModel: string;
  readonly memory: string;
  readonly node: string;
  readonly loadBefore: readonly number[];
  readonly loadAfter?: readonly number[];
}

function command(file: string, args: readonly string[]): string {
  try {
    return execFileSync(file, args, { encoding: 'utf8' }).trim();
  } catch {
    return `(${file} unavailable)`;
  }
}

export function machineFacts(): MachineFacts {
  const free = command('free', ['-m']).split('\n')[1]?.trim().split(/\s+/);
  return {
    nproc: command('nproc', []),
    cpuModel: cpus()[0]?.model ?? 'unknown',
    memory:
      free !== undefined && free.length > 6
        ? `${free[1]} MB total, ${free[6]} MB available (free -m)`
        : `${Math.round(totalmem() / 2 ** 20)} MB total`,
    node: process.version,
    loadBefore: loadavg().map((l) => Math.round(l * 100) / 100),
  };
}

const fixed = (x: number | undefined, digits: number): string => (x === undefined ? '' : x.toFixed(digits));
const count = (x: number | undefined): string =>
  x === undefined ? '' : Math.round(x).toLocaleString('en-US');

const HEADER = [
  'query',
  'events',
  'wall s',
  'events/s',
  'events/CPU-s',
  'incl. checksum',
  'peak RSS MB',
  'changes',
  'final rows',
  'checksum',
  'limit events/CPU-s',
  'engine/limit (CPU)',
  'limit check',
  'DuckDB CPU-s',
  'engine/DuckDB (CPU)',
  'DuckDB check',
];
const KAFKA_HEADER = ['kafka events/CPU-s', 'kafka check'];

/** The columns of a table of runs from `source` (`both` adds the kafka run's). */
const headerFor = (source: string): string[] => (source === 'both' ? [...HEADER, ...KAFKA_HEADER] : HEADER);

const kafkaCells = (r: QueryReport): string[] =>
  r.kafka === undefined
    ? ['', '']
    : r.kafka.error !== undefined
      ? ['FAILS', r.kafka.error.split('\n')[0]!.replaceAll('|', '\\|')]
      : [count(r.kafka.eventsPerCpuSecond), r.kafka.check ?? ''];

function cells(r: QueryReport, source: string): string[] {
  const own = ownCells(r);
  return source === 'both' && r.error === undefined ? [...own, ...kafkaCells(r)] : own;
}

function ownCells(r: QueryReport): string[] {
  if (r.error !== undefined) {
    const first = r.error.split('\n')[0] ?? r.error;
    return [
      r.query,
      count(r.events),
      `FAILS: ${first.replaceAll('|', '\\|')}`,
      ...HEADER.slice(3).map(() => ''),
    ];
  }
  return [
    r.query,
    count(r.events),
    fixed(r.wallSeconds, 2),
    count(r.eventsPerSecond),
    count(r.eventsPerCpuSecond),
    count(r.eventsPerCpuSecondWithSink),
    fixed(r.peakRssMb, 0),
    count(r.changes),
    count(r.finalRows),
    r.checksum ?? '',
    count(r.limitEventsPerCpuSecond),
    fixed(r.engineVsLimit, 3),
    r.limitCheck ?? '',
    fixed(r.duckdbCpuSeconds, 3),
    fixed(r.engineVsDuckdb, 3),
    r.duckdbCheck ?? '',
  ];
}

export function markdownTable(reports: readonly QueryReport[], source: string): string {
  const header = headerFor(source);
  const lines = [`| ${header.join(' | ')} |`, `| ${header.map(() => '---').join(' | ')} |`];
  for (const r of reports) {
    const row = cells(r, source);
    while (row.length < header.length) row.push('');
    lines.push(`| ${row.join(' | ')} |`);
  }
  return lines.join('\n');
}

export function textTable(reports: readonly QueryReport[], source: string): string {
  const header = headerFor(source);
  const rows = reports.map((r) =>
    r.error !== undefined ? [r.query, count(r.events), `FAILS: ${r.error.split('\n')[0]}`] : cells(r, source),
  );
  const widths = header.map((h, i) =>
    Math.max(h.length, ...rows.filter((r) => r.length > 3).map((r) => r[i]!.length)),
  );
  const line = (r: readonly string[]): string =>
    r.length <= 3
      ? `${r[0]!.padEnd(widths[0]!)}  ${r[1]!.padStart(widths[1]!)}  ${r[2]}`
      : r.map((c, i) => c.padStart(widths[i]!)).join('  ');
  return [line(header), ...rows.map(line)].join('\n');
}

export const DOCS_BEGIN =
  '<!-- nexmark-results:begin (written by `npm run bench:nexmark -- --write-docs`) -->';
export const DOCS_END = '<!-- nexmark-results:end -->';

const SOURCE_TEXT: Record<string, string> = {
  generator: 'the nexmark generator in the engine process',
  kafka: 'a topic of the embedded broker (Avro, Schema Registry), read by the kafka connector',
  both: 'the nexmark generator; the kafka columns: the same query reading the events from a topic of the embedded broker (Avro, Schema Registry)',
};

/** Replaces the section between the markers in docs/benchmarks.md. */
export function writeDocs(
  path: string,
  facts: MachineFacts,
  reports: readonly QueryReport[],
  source: string,
  repeat: number,
  command: string,
): void {
  const text = readFileSync(path, 'utf8');
  const begin = text.indexOf(DOCS_BEGIN);
  const end = text.indexOf(DOCS_END);
  if (begin < 0 || end < begin) throw new Error(`${path} lacks the markers ${DOCS_BEGIN} … ${DOCS_END}`);
  const section = [
    DOCS_BEGIN,
    '',
    `Run \`${command}\` on ${new Date().toISOString().slice(0, 10)}: ${facts.nproc} CPUs (${facts.cpuModel}), ${facts.memory}, Node ${facts.node};`,
    `load average (1/5/15 min) ${facts.loadBefore.join(' / ')} before, ${facts.loadAfter?.join(' / ') ?? '?'} after.`,
    `Events from ${SOURCE_TEXT[source] ?? source}.` +
      (repeat > 1
        ? ` Each query ran ${repeat} times in fresh processes; its figures are the run with the median engine CPU time (limits: the median limit run), with the range of events/CPU-s in the notes below.`
        : ''),
    '',
    markdownTable(reports, source),
    '',
    ...reports
      .filter((r) => r.error !== undefined)
      .map((r) => `- **${r.query}** fails: ${(r.error ?? '').split('\n')[0]}`),
    ...reports
      .filter((r) => r.duckdbDiff !== undefined)
      .map((r) => `- **${r.query}** differs from DuckDB: ${r.duckdbDiff}`),
    ...(repeat > 1
      ? [
          `- events/CPU-s over the ${repeat} runs: ${reports
            .filter((r) => r.eventsPerCpuSecondRange !== undefined)
            .map((r) => `${r.query} ${r.eventsPerCpuSecondRange!.map((x) => count(x)).join('–')}`)
            .join('; ')}`,
        ]
      : []),
    ...reports
      .filter((r) => r.repeatCheck !== undefined)
      .map((r) => `- **${r.query}**: the repeated runs gave different checksums`),
    ...reports
      .filter((r) => r.kafka?.error !== undefined)
      .map((r) => `- **${r.query}** over kafka fails: ${(r.kafka?.error ?? '').split('\n')[0]}`),
    '',
    DOCS_END,
  ].join('\n');
  writeFileSync(path, text.slice(0, begin) + section + text.slice(end + DOCS_END.length));
}
