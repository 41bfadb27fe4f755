import { createHash } from 'node:crypto';
import {
  checkCompatibility,
  DEFAULT_COMPATIBILITY,
  isCompatibilityLevel,
  type PreviousSchema,
} from './compat/index.ts';
import { ErrorCode, errors, RegistryError } from './errors.ts';
import { parseSchema } from './schemas/index.ts';
import { encodeFileDescriptor } from './schemas/protobuf-descriptor.ts';
import {
  isSchemaType,
  type ParsedSchema,
  type ResolvedReference,
  type SchemaReference,
  type SchemaType,
} from './schemas/types.ts';
import { GLOBAL, type RegistryStore, type SchemaRow, type VersionRow } from './store.ts';

export const MODES = ['READWRITE', 'READONLY', 'READONLY_OVERRIDE', 'IMPORT'] as const;
export type Mode = (typeof MODES)[number];

/** What a client sends to register, look up or test a schema. */
export interface SchemaRequest {
  readonly schema: string;
  readonly schemaType: SchemaType;
  readonly references: readonly SchemaReference[];
  readonly id?: number;
  readonly version?: number;
}

/** The schema part of responses; `schemaType` is omitted for AVRO and `references` when empty, as Confluent does. */
export interface SchemaBody {
  schema: string;
  schemaType?: SchemaType;
  references?: SchemaReference[];
}

/** The registry's rules over the store: identity, versions, soft/hard deletes, config, mode. */
export class Registry {
  constructor(private readonly store: RegistryStore) {}

  // ---- schemas -------------------------------------------------------------------------------

  register(subject: string, request: SchemaRequest, normalize: boolean): { id: number } {
    const mode = this.mode(subject);
    this.assertWritable(subject, mode);
    if (request.id !== undefined && mode !== 'IMPORT')
      throw errors.operationNotPermitted(
        `Subject '${subject}' is not in import mode; a schema id cannot be given`,
      );
    const parsed = this.parse(request);
    const text = this.storedText(request, parsed, normalize);
    const fingerprint = fingerprintOf(
      request.schemaType,
      normalize ? parsed.normalized : parsed.canonical,
      request.references,
    );
    return this.store.transaction(() => {
      const existing = this.store.schemaByFingerprint(fingerprint);
      const live = this.store.versions(subject, false);
      if (existing !== undefined) {
        const already = live.find((v) => v.schemaId === existing.id);
        if (already !== undefined) return { id: existing.id };
        if (request.id !== undefined && request.id !== existing.id)
          throw errors.operationNotPermitted(
            `Schema already registered with id ${existing.id}; it cannot be imported as id ${request.id}`,
          );
      }
      if (mode !== 'IMPORT') {
        const messages = checkCompatibility(this.compatibility(subject), parsed, this.previous(live));
        if (messages.length > 0) throw errors.incompatible(subject, messages);
      }
      let id = existing?.id;
      if (id === undefined) {
        if (request.id !== undefined && this.store.schemaById(request.id) !== undefined)
          throw errors.operationNotPermitted(`Overwrite new schema with id ${request.id} is not permitted.`);
        id = this.store.insertSchema(request.schemaType, text, fingerprint, request.references, request.id);
      }
      const version = (mode === 'IMPORT' ? request.version : undefined) ?? this.store.maxVersion(subject) + 1;
      if (this.store.versions(subject, true).some((v) => v.version === version))
        throw errors.operationNotPermitted(`Version ${version} already exists for subject '${subject}'`);
      this.store.insertVersion(subject, version, id);
      return { id };
    });
  }

  lookup(subject: string, request: SchemaRequest, normalize: boolean, deleted: boolean) {
    const versions = this.store.versions(subject, deleted);
    if (versions.length === 0) throw errors.subjectNotFound(subject);
    const parsed = this.parse(request);
    const fingerprint = fingerprintOf(
      request.schemaType,
      normalize ? parsed.normalized : parsed.canonical,
      request.references,
    );
    const row = this.store.schemaByFingerprint(fingerprint);
    const match = row && [...versions].reverse().find((v) => v.schemaId === row.id);
    if (row === undefined || match === undefined) throw errors.schemaNotFound();
    return { subject, id: row.id, version: match.version, ...this.body(row, undefined) };
  }

  schemaById(id: number, format: string | undefined): SchemaBody {
    const row = this.store.schemaById(id);
    if (row === undefined) throw errors.schemaNotFound(`Schema ${id} not found`);
    return this.body(row, format);
  }

  schemaVersions(id: number, deleted: boolean): { subject: string; version: number }[] {
    if (this.store.schemaById(id) === undefined) throw errors.schemaNotFound(`Schema ${id} not found`);
    return this.store.versionsOfSchema(id, deleted).map((v) => ({ subject: v.subject, version: v.version }));
  }

  schemaSubjects(id: number, deleted: boolean): string[] {
    return [...new Set(this.schemaVersions(id, deleted).map((v) => v.subject))];
  }

  // ---- subjects and versions -----------------------------------------------------------------

  subjects(deleted: boolean, prefix: string): string[] {
    return this.store.subjects(deleted, prefix);
  }

  versions(subject: string, deleted: boolean): number[] {
    const versions = this.store.versions(subject, deleted);
    if (versions.length === 0) throw errors.subjectNotFound(subject);
    return versions.map((v) => v.version);
  }

  version(subject: string, version: string, deleted: boolean, format?: string) {
    const row = this.findVersion(subject, version, deleted);
    const schema = this.store.schemaById(row.schemaId);
    if (schema === undefined)
      throw new RegistryError(ErrorCode.storeError, `Schema ${row.schemaId} is missing`);
    return { subject, version: row.version, id: schema.id, ...this.body(schema, format) };
  }

  referencedBy(subject: string, version: string): number[] {
    const row = this.findVersion(subject, version, true);
    return this.store.referencedBy(subject, row.version);
  }

  deleteSubject(subject: string, permanent: boolean): number[] {
    this.assertWritable(subject, this.mode(subject));
    return this.store.transaction(() => {
      const all = this.store.versions(subject, true);
      if (all.length === 0) throw errors.subjectNotFound(subject);
      const live = all.filter((v) => !v.deleted);
      if (!permanent) {
        if (live.length === 0) throw errors.subjectSoftDeleted(subject);
        for (const v of live) this.assertUnreferenced(subject, v.version);
        for (const v of live) this.store.markDeleted(subject, v.version);
        return live.map((v) => v.version);
      }
      if (live.length > 0) throw errors.subjectNotSoftDeleted(subject);
      for (const v of all) {
        this.store.deleteVersion(subject, v.version);
        this.store.deleteSchemaIfUnused(v.schemaId);
      }
      this.store.deleteConfig(subject);
      this.store.deleteMode(subject);
      return all.map((v) => v.version);
    });
  }

  deleteVersion(subject: string, version: string, permanent: boolean): number {
    this.assertWritable(subject, this.mode(subject));
    return this.store.transaction(() => {
      // A soft delete of `latest` means the latest live version; an explicit number may already be soft-deleted.
      const isLatest = version === 'latest' || version === '-1';
      const row = this.findVersion(subject, version, permanent || !isLatest);
      if (!permanent) {
        if (row.deleted) throw errors.versionSoftDeleted(subject, row.version);
        this.assertUnreferenced(subject, row.version);
        this.store.markDeleted(subject, row.version);
      } else {
        if (!row.deleted) throw errors.versionNotSoftDeleted(subject, row.version);
        this.store.deleteVersion(subject, row.version);
        this.store.deleteSchemaIfUnused(row.schemaId);
      }
      return row.version;
    });
  }

  /** Confluent's compatibility endpoint: a specific version is checked alone, `latest` per the level. */
  testCompatibility(subject: string, version: string, request: SchemaRequest): string[] {
    const parsed = this.parse(request);
    const live = this.store.versions(subject, false);
    const level = this.compatibility(subject);
    if (version === 'latest' || version === '-1') {
      if (live.length === 0) return [];
      return checkCompatibility(level, parsed, this.previous(live));
    }
    const row = this.findVersion(subject, version, false);
    const single = level.replace('_TRANSITIVE', '');
    return checkCompatibility(isCompatibilityLevel(single) ? single : level, parsed, this.previous([row]));
  }

  // ---- config and mode -----------------------------------------------------------------------

  compatibility(subject: string): string & Parameters<typeof checkCompatibility>[0] {
    const level = this.store.config(subject) ?? this.store.config(GLOBAL) ?? DEFAULT_COMPATIBILITY;
    return isCompatibilityLevel(level) ? level : DEFAULT_COMPATIBILITY;
  }

  getConfig(subject: string | undefined, defaultToGlobal: boolean): string {
    if (subject === undefined) return this.store.config(GLOBAL) ?? DEFAULT_COMPATIBILITY;
    const own = this.store.config(subject);
    if (own !== undefined) return own;
    if (defaultToGlobal) return this.store.config(GLOBAL) ?? DEFAULT_COMPATIBILITY;
    throw new RegistryError(
      ErrorCode.subjectCompatibilityNotConfigured,
      `Subject '${subject}' does not have subject-level compatibility configured`,
    );
  }

  setConfig(subject: string | undefined, level: unknown): string {
    if (!isCompatibilityLevel(level)) throw errors.invalidCompatibilityLevel(level);
    this.store.setConfig(subject ?? GLOBAL, level);
    return level;
  }

  deleteConfig(subject: string | undefined): string {
    if (subject === undefined) {
      const previous = this.getConfig(undefined, true);
      this.store.deleteConfig(GLOBAL);
      return previous;
    }
    const own = this.store.config(subject);
    if (own === undefined) throw errors.subjectNotFound(subject);
    this.store.deleteConfig(subject);
    return own;
  }

  mode(subject: string | undefined): Mode {
    const mode = (subject !== undefined ? this.store.mode(subject) : undefined) ?? this.store.mode(GLOBAL);
    return (MODES as readonly string[]).includes(mode ?? '') ? (mode as Mode) : 'READWRITE';
  }

  getMode(subject: string | undefined, defaultToGlobal: boolean): Mode {
    if (subject !== undefined && this.store.mode(subject) === undefined && !defaultToGlobal)
      throw new RegistryError(
        ErrorCode.subjectModeNotConfigured,
        `Subject '${subject}' does not have subject-level mode configured`,
      );
    return this.mode(subject);
  }

  setMode(subject: string | undefined, mode: unknown, force: boolean): Mode {
    if (typeof mode !== 'string' || !(MODES as readonly string[]).includes(mode))
      throw errors.invalidMode(mode);
    if (mode === 'IMPORT' && !force) {
      const nonEmpty =
        subject === undefined ? this.store.hasAnyVersions() : this.store.versions(subject, true).length > 0;
      if (nonEmpty)
        throw errors.operationNotPermitted(
          'Cannot import since found existing subjects; set force=true to switch to IMPORT mode anyway',
        );
    }
    this.store.setMode(subject ?? GLOBAL, mode);
    return mode as Mode;
  }

  deleteMode(subject: string): Mode {
    const own = this.store.mode(subject);
    if (own === undefined) throw errors.subjectNotFound(subject);
    this.store.deleteMode(subject);
    return own as Mode;
  }

  // ---- helpers -------------------------------------------------------------------------------

  private assertWritable(subject: string, mode: Mode): void {
    if (mode === 'READONLY' || mode === 'READONLY_OVERRIDE')
      throw errors.operationNotPermitted(`Subject ${subject} is in read-only mode`);
  }

  private assertUnreferenced(subject: string, version: number): void {
    const users = this.store.referencedBy(subject, version);
    if (users.length > 0)
      throw new RegistryError(
        ErrorCode.referenceExists,
        `One or more references exist to the schema {subject=${subject}, version=${version}}: schema ids ${users.join(', ')}`,
      );
  }

  private findVersion(subject: string, version: string, deleted: boolean): VersionRow {
    const all = this.store.versions(subject, deleted);
    if (all.length === 0) throw errors.subjectNotFound(subject);
    if (version === 'latest' || version === '-1') return all[all.length - 1] as VersionRow;
    const number = /^[0-9]+$/.test(version) ? Number(version) : Number.NaN;
    if (!Number.isSafeInteger(number) || number < 1 || number > 2147483647)
      throw errors.invalidVersion(version);
    const row = this.store.versions(subject, true).find((v) => v.version === number);
    if (row === undefined || (row.deleted && !deleted)) throw errors.versionNotFound(subject, number);
    return row;
  }

  private previous(versions: readonly VersionRow[]): PreviousSchema[] {
    return versions.map((v) => {
      const row = this.store.schemaById(v.schemaId);
      if (row === undefined) throw new RegistryError(ErrorCode.storeError, `Schema ${v.schemaId} is missing`);
      return { version: v.version, parsed: this.parseRow(row) };
    });
  }

  private parse(request: SchemaRequest): ParsedSchema {
    return parseSchema(
      request.schemaType,
      request.schema,
      this.resolveReferences(request.references, new Set()),
    );
  }

  private parseRow(row: SchemaRow): ParsedSchema {
    return this.parse({ schema: row.schema, schemaType: row.schemaType, references: row.references });
  }

  private resolveReferences(refs: readonly SchemaReference[], visiting: Set<string>): ResolvedReference[] {
    return refs.map((ref) => {
      const key = `${ref.subject}/${ref.version}`;
      if (visiting.has(key)) throw errors.invalidSchema(`circular reference through ${key}`);
      const versions = this.store.versions(ref.subject, true);
      const row =
        ref.version === -1
          ? versions.filter((v) => !v.deleted).at(-1)
          : versions.find((v) => v.version === ref.version);
      const schema = row && this.store.schemaById(row.schemaId);
      if (schema === undefined)
        throw errors.invalidSchema(
          `reference '${ref.name}' to subject '${ref.subject}' version ${ref.version} not found`,
        );
      visiting.add(key);
      const nested = this.resolveReferences(schema.references, visiting);
      visiting.delete(key);
      return { name: ref.name, schemaType: schema.schemaType, schema: schema.schema, references: nested };
    });
  }

  private storedText(request: SchemaRequest, parsed: ParsedSchema, normalize: boolean): string {
    if (normalize) return parsed.normalized;
    return parsed.kind === 'protobuf' ? parsed.text : request.schema;
  }

  private body(row: SchemaRow, format: string | undefined): SchemaBody {
    let schema = row.schema;
    if (row.schemaType === 'PROTOBUF' && format === 'serialized') {
      const parsed = this.parseRow(row);
      if (parsed.kind === 'protobuf') schema = encodeFileDescriptor(parsed.file, `schema_${row.id}.proto`);
    }
    return {
      schema,
      ...(row.schemaType !== 'AVRO' ? { schemaType: row.schemaType } : {}),
      ...(row.references.length > 0 ? { references: [...row.references] } : {}),
    };
  }
}

function fingerprintOf(
  schemaType: SchemaType,
  canonical: string,
  references: readonly SchemaReference[],
): string {
  const refs = references.map((r) => [r.name, r.subject, r.version]);
  return createHash('sha256')
    .update(JSON.stringify([schemaType, canonical, refs]))
    .digest('hex');
}

/** Validates a register/lookup/compatibility body into a SchemaRequest (42201 on a malformed one). */
export function schemaRequestFrom(body: unknown): SchemaRequest {
  if (body === null || typeof body !== 'object')
    throw errors.invalidSchema('request body must be a JSON object');
  const record = body as Record<string, unknown>;
  const schema = record['schema'];
  if (typeof schema !== 'string' || schema.trim() === '')
    throw errors.invalidSchema("'schema' must be a non-empty string");
  const schemaType = record['schemaType'] ?? 'AVRO';
  if (!isSchemaType(schemaType))
    throw errors.invalidSchema(
      `unknown schemaType ${JSON.stringify(schemaType)}; expected AVRO, JSON or PROTOBUF`,
    );
  const rawRefs = record['references'] ?? [];
  if (!Array.isArray(rawRefs)) throw errors.invalidSchema("'references' must be an array");
  const references = rawRefs.map((ref: unknown): SchemaReference => {
    const r = (ref ?? {}) as Record<string, unknown>;
    if (typeof r['name'] !== 'string' || typeof r['subject'] !== 'string' || typeof r['version'] !== 'number')
      throw errors.invalidSchema('each reference needs a string name, a string subject and a number version');
    return { name: r['name'], subject: r['subject'], version: r['version'] };
  });
  const id = typeof record['id'] === 'number' && record['id'] > 0 ? record['id'] : undefined;
  const version =
    typeof record['version'] === 'number' && record['version'] > 0 ? record['version'] : undefined;
  return {
    schema,
    schemaType,
    references,
    ...(id !== undefined ? { id } : {}),
    ...(version !== undefined ? { version } : {}),
  };
}
