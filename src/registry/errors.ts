/**
 * Confluent Schema Registry error codes. The HTTP status is the code's first three digits
 * (409 stays 409), exactly as Confluent clients expect.
 */
export const ErrorCode = {
  subjectNotFound: 40401,
  versionNotFound: 40402,
  schemaNotFound: 40403,
  subjectSoftDeleted: 40404,
  subjectNotSoftDeleted: 40405,
  versionSoftDeleted: 40406,
  versionNotSoftDeleted: 40407,
  subjectCompatibilityNotConfigured: 40408,
  subjectModeNotConfigured: 40409,
  incompatibleSchema: 409,
  invalidSchema: 42201,
  invalidVersion: 42202,
  invalidCompatibilityLevel: 42203,
  invalidMode: 42204,
  operationNotPermitted: 42205,
  referenceExists: 42206,
  storeError: 50001,
} as const;

export class RegistryError extends Error {
  readonly errorCode: number;

  constructor(errorCode: number, message: string) {
    super(message);
    this.name = 'RegistryError';
    this.errorCode = errorCode;
  }

  get httpStatus(): number {
    return this.errorCode < 1000 ? this.errorCode : Math.floor(this.errorCode / 100);
  }
}

export const errors = {
  subjectNotFound: (subject: string) =>
    new RegistryError(ErrorCode.subjectNotFound, `Subject '${subject}' not found.`),
  versionNotFound: (subject: string, version: number | string) =>
    new RegistryError(ErrorCode.versionNotFound, `Version ${version} not found for subject '${subject}'.`),
  schemaNotFound: (detail = 'Schema not found') => new RegistryError(ErrorCode.schemaNotFound, detail),
  subjectSoftDeleted: (subject: string) =>
    new RegistryError(
      ErrorCode.subjectSoftDeleted,
      `Subject '${subject}' was soft deleted. Set permanent=true to delete permanently`,
    ),
  subjectNotSoftDeleted: (subject: string) =>
    new RegistryError(
      ErrorCode.subjectNotSoftDeleted,
      `Subject '${subject}' was not deleted first before being permanently deleted`,
    ),
  versionSoftDeleted: (subject: string, version: number) =>
    new RegistryError(
      ErrorCode.versionSoftDeleted,
      `Subject '${subject}' Version ${version} was soft deleted. Set permanent=true to delete permanently`,
    ),
  versionNotSoftDeleted: (subject: string, version: number) =>
    new RegistryError(
      ErrorCode.versionNotSoftDeleted,
      `Subject '${subject}' Version ${version} was not deleted first before being permanently deleted`,
    ),
  invalidSchema: (detail: string) => new RegistryError(ErrorCode.invalidSchema, `Invalid schema: ${detail}`),
  invalidVersion: (version: string) =>
    new RegistryError(
      ErrorCode.invalidVersion,
      `The specified version '${version}' is not a valid version id. Allowed values are between [1, 2^31-1] and the string "latest"`,
    ),
  invalidCompatibilityLevel: (level: unknown) =>
    new RegistryError(
      ErrorCode.invalidCompatibilityLevel,
      `Invalid compatibility level '${String(level)}'. Valid values are NONE, BACKWARD, BACKWARD_TRANSITIVE, FORWARD, FORWARD_TRANSITIVE, FULL, FULL_TRANSITIVE`,
    ),
  invalidMode: (mode: unknown) =>
    new RegistryError(
      ErrorCode.invalidMode,
      `Invalid mode '${String(mode)}'. Valid values are READWRITE, READONLY, READONLY_OVERRIDE, IMPORT`,
    ),
  operationNotPermitted: (detail: string) => new RegistryError(ErrorCode.operationNotPermitted, detail),
  incompatible: (subject: string, messages: readonly string[]) =>
    new RegistryError(
      ErrorCode.incompatibleSchema,
      `Schema being registered is incompatible with an earlier schema for subject "${subject}", details: [${messages.join(', ')}]`,
    ),
};
