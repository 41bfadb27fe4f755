/**
 * The Flink conformance data (../shared/conformance/flink/*.json, see its README): one file per Flink
 * `*TestPrograms.java`, each case with source tables (column strings + changelog rows), sink tables
 * (expected changelog strings or materialized rows), SQL statements and table config.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';

export interface SourceRow {
  readonly kind: string;
  readonly values: readonly unknown[];
  readonly types?: readonly (string | null)[];
}

export interface TableDef {
  readonly name: string;
  readonly columns: readonly string[];
  readonly primaryKey: readonly string[] | null;
  readonly partitionKeys: readonly string[];
  readonly options: Readonly<Record<string, string>>;
  readonly distribution?: string;
}

export interface SourceDef extends TableDef {
  readonly rows: readonly SourceRow[];
  readonly beforeRestoreRows?: number;
}

export interface SinkDef extends TableDef {
  readonly expected: readonly string[] | null;
  readonly expectedMaterialized: readonly string[] | null;
}

export interface ConformanceCase {
  readonly id: string;
  readonly description: string;
  readonly config: Readonly<Record<string, string>>;
  readonly sources: readonly SourceDef[];
  readonly sinks: readonly SinkDef[];
  readonly statements: readonly string[];
  readonly skip: string | null;
  readonly notes?: string;
}

export interface ConformanceFile {
  readonly name: string;
  readonly cases: readonly ConformanceCase[];
}

function asRecord(value: unknown, what: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new Error(`${what}: expected an object`);
  return value as Record<string, unknown>;
}

function strings(value: unknown, what: string): string[] {
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string'))
    throw new Error(`${what}: expected a list of strings`);
  return value as string[];
}

function stringMap(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (typeof value !== 'object' || value === null) return out;
  for (const [k, v] of Object.entries(value)) out[k] = String(v);
  return out;
}

function tableDef(raw: Record<string, unknown>, what: string): TableDef {
  return {
    name: String(raw.name),
    columns: strings(raw.columns, `${what}.columns`),
    primaryKey: raw.primaryKey == null ? null : strings(raw.primaryKey, `${what}.primaryKey`),
    partitionKeys: raw.partitionKeys == null ? [] : strings(raw.partitionKeys, `${what}.partitionKeys`),
    options: stringMap(raw.options),
    ...(typeof raw.distribution === 'string' ? { distribution: raw.distribution } : {}),
  };
}

function parseCase(value: unknown, file: string): ConformanceCase {
  const raw = asRecord(value, file);
  const id = String(raw.id);
  const sources = (Array.isArray(raw.sources) ? raw.sources : []).map((s, i) => {
    const r = asRecord(s, `${id}.sources[${i}]`);
    const rows = (Array.isArray(r.rows) ? r.rows : []).map((row) => {
      const rr = asRecord(row, `${id} row`);
      return {
        kind: String(rr.kind),
        values: Array.isArray(rr.values) ? rr.values : [],
        ...(Array.isArray(rr.types) ? { types: rr.types as (string | null)[] } : {}),
      };
    });
    return {
      ...tableDef(r, `${id}.sources[${i}]`),
      rows,
      ...(typeof r.beforeRestoreRows === 'number' ? { beforeRestoreRows: r.beforeRestoreRows } : {}),
    };
  });
  const sinks = (Array.isArray(raw.sinks) ? raw.sinks : []).map((s, i) => {
    const r = asRecord(s, `${id}.sinks[${i}]`);
    return {
      ...tableDef(r, `${id}.sinks[${i}]`),
      expected: r.expected == null ? null : strings(r.expected, `${id}.expected`),
      expectedMaterialized:
        r.expectedMaterialized == null ? null : strings(r.expectedMaterialized, `${id}.expectedMaterialized`),
    };
  });
  return {
    id,
    description: String(raw.description ?? ''),
    config: stringMap(raw.config),
    sources,
    sinks,
    statements: strings(raw.statements ?? [], `${id}.statements`),
    skip: raw.skip == null ? null : String(raw.skip),
    ...(typeof raw.notes === 'string' ? { notes: raw.notes } : {}),
  };
}

export function loadConformanceFile(path: string): ConformanceFile {
  const raw = asRecord(JSON.parse(readFileSync(path, 'utf8')), path);
  const cases = Array.isArray(raw.cases) ? raw.cases.map((c) => parseCase(c, path)) : [];
  return { name: basename(path, '.json'), cases };
}

/** The data files of a conformance directory, sorted by name. */
export function conformanceFiles(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => join(dir, f));
}
