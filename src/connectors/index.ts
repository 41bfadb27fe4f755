/**
 * The built-in connectors of the embedded path, registered with the physical planner's connector
 * registry: datagen, filesystem, print, blackhole, values, jdbc (SQLite), kafka and nexmark.
 * `createConnectorRegistry` takes what the environment decides — the filesystem sandbox (which the
 * jdbc connector's database files obey too) and where `print` writes.
 */
import type { CatalogTable } from '../catalog/catalog.ts';
import { type ChangelogMode, INSERT_ONLY, parseChangelogMode } from '../planner/physical/changelog-mode.ts';
import {
  type ConnectorFactory,
  type ConnectorTable,
  FactoryConnectorRegistry,
  type SourceOptions,
} from '../planner/physical/connectors.ts';
import { BlackholeSink } from '../runtime/operators/sink-collector.ts';
import { createDatagenSource } from './datagen/source.ts';
import { FilesystemLookup, physicalFieldsOf } from './filesystem/lookup.ts';
import { parseFilesystemOptions } from './filesystem/options.ts';
import { allowedDirectories } from './filesystem/sandbox.ts';
import { FilesystemSink } from './filesystem/sink.ts';
import { FilesystemSource } from './filesystem/source.ts';
import { jdbcConnectorFactory } from './jdbc/factory.ts';
import { kafkaConnectorFactory } from './kafka/factory.ts';
import { nexmarkConnectorFactory } from './nexmark/connector.ts';
import { ConnectorOptionError, ConnectorOptionReader } from './options.ts';
import { PrintSink, parsePrintOptions, type TextWriter } from './print/print-sink.ts';
import { createValuesSink, createValuesSource, parseValuesSourceOptions } from './values/values.ts';

export { ALLOWED_PATHS_ENV, PathNotAllowedError } from './filesystem/sandbox.ts';
export { ConnectorOptionError } from './options.ts';
export type { TextWriter } from './print/print-sink.ts';
export {
  clearValuesConnector,
  registerValuesData,
  valuesSinkMaterialized,
  valuesSinkResults,
} from './values/values.ts';

export interface BuiltinConnectorOptions {
  /** Directories the filesystem connector may touch; default TRIBUTARY_ALLOWED_PATHS, else `<cwd>/data`. */
  readonly allowedPaths?: readonly string[];
  /** Where `print` writes; default process.stdout / process.stderr. */
  readonly stdout?: TextWriter;
  readonly stderr?: TextWriter;
}

/**
 * For each requested column (an index into `table.columns`), its index among the physical columns;
 * undefined when all physical columns are requested in order.
 */
export function physicalProjection(
  table: CatalogTable,
  columns: readonly number[],
  connector: string,
): number[] | undefined {
  const physical: number[] = [];
  table.columns.forEach((c, i) => {
    if (c.kind === 'physical') physical.push(i);
  });
  const projection = columns.map((c) => {
    const p = physical.indexOf(c);
    if (p < 0) {
      throw new ConnectorOptionError(
        `Connector '${connector}' cannot produce column '${table.columns[c]?.name ?? c}': it only provides physical columns`,
      );
    }
    return p;
  });
  const identity = projection.length === physical.length && projection.every((p, i) => p === i);
  return identity ? undefined : projection;
}

function datagenFactory(): ConnectorFactory {
  return {
    sourceChangelogMode: () => INSERT_ONLY,
    createSource: (t: ConnectorTable, o: SourceOptions) =>
      createDatagenSource(
        t.table,
        t.options,
        `Datagen(${t.path.name})`,
        physicalProjection(t.table, o.columns, 'datagen'),
      ),
  };
}

function filesystemFactory(allowed: readonly string[]): ConnectorFactory {
  return {
    sourceChangelogMode: () => INSERT_ONLY,
    sinkAcceptance: () => 'insert-only',
    createSource: (t, o) =>
      new FilesystemSource(
        parseFilesystemOptions(t.table, t.options, allowed),
        allowed,
        physicalProjection(t.table, o.columns, 'filesystem'),
        `Filesystem(${t.path.name})`,
      ),
    createSink: (t) =>
      new FilesystemSink(parseFilesystemOptions(t.table, t.options, allowed), `Filesystem(${t.path.name})`),
    createLookup: (t, o) =>
      new FilesystemLookup(parseFilesystemOptions(t.table, t.options, allowed), allowed, {
        fields: physicalFieldsOf(t.table, o.columns),
        keyFields: o.keyFields,
      }),
  };
}

function printFactory(stdout: TextWriter, stderr: TextWriter): ConnectorFactory {
  return {
    sinkAcceptance: () => 'all',
    createSink: (t, o) => {
      const config = parsePrintOptions(t.table, t.options);
      return new PrintSink(
        config,
        o.fields.map((f) => f.type),
        config.standardError ? stderr : stdout,
        `Print(${t.path.name})`,
      );
    },
  };
}

function blackholeFactory(): ConnectorFactory {
  return {
    sinkAcceptance: () => 'all',
    createSink: (t) => {
      new ConnectorOptionReader('blackhole', t.options).checkUnknown();
      return new BlackholeSink(`Blackhole(${t.path.name})`);
    },
  };
}

function valuesFactory(): ConnectorFactory {
  return {
    sourceChangelogMode: (t): ChangelogMode =>
      parseChangelogMode(parseValuesSourceOptions(t.options).changelogMode),
    sinkAcceptance: (t) => {
      if (t.table.primaryKey !== undefined) return 'upsert';
      return t.options['sink-insert-only']?.trim().toLowerCase() === 'false' ? 'all' : 'insert-only';
    },
    createSource: (t, o) => createValuesSource(t.table, t.options, o.columns, `Values(${t.path.name})`),
    createSink: (t, o) =>
      createValuesSink(
        t.path.name,
        t.options,
        o.fields.map((f) => f.type),
        o.primaryKey,
      ),
  };
}

/** A connector registry holding the built-in connectors. */
export function createConnectorRegistry(options: BuiltinConnectorOptions = {}): FactoryConnectorRegistry {
  const allowed = allowedDirectories(options.allowedPaths);
  const stdout = options.stdout ?? ((text: string) => void process.stdout.write(text));
  const stderr = options.stderr ?? ((text: string) => void process.stderr.write(text));
  return new FactoryConnectorRegistry()
    .register('datagen', datagenFactory())
    .register('filesystem', filesystemFactory(allowed))
    .register('print', printFactory(stdout, stderr))
    .register('blackhole', blackholeFactory())
    .register('values', valuesFactory())
    .register('jdbc', jdbcConnectorFactory(allowed))
    .register('kafka', kafkaConnectorFactory())
    .register('nexmark', nexmarkConnectorFactory());
}

/** Sources and sinks that open asynchronously (formats) expose `ready()`; runners await it before running. */
export interface AsyncReady {
  ready(): Promise<void>;
}

export function hasReady(x: unknown): x is AsyncReady {
  return typeof x === 'object' && x !== null && typeof (x as { ready?: unknown }).ready === 'function';
}
