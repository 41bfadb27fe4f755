/*
 * ApiVersions (key 18), versions 0-2.
 *
 * Request v0-2: (empty body)
 *
 * Response v0-2:
 *   error_code        int16
 *   api_keys          [api_key int16, min_version int16, max_version int16]
 *   throttle_time_ms  int32   (v1+)
 *
 * A request above v2 is answered with UNSUPPORTED_VERSION (35) in a v0-shaped body that still lists
 * the supported ranges, so the client can retry with a version we serve.
 */
import { defineApi } from '../protocol/api.ts';
import { ErrorCode } from '../protocol/errors.ts';
import { arrayOf, from, writeStruct } from '../protocol/schema.ts';
import { Writer } from '../protocol/writer.ts';

interface ApiRange {
  api_key: number;
  min_version: number;
  max_version: number;
}

interface ApiVersionsResponse {
  error_code: number;
  api_keys: ApiRange[];
  throttle_time_ms: number;
}

const response = [
  { name: 'error_code', type: 'int16' },
  {
    name: 'api_keys',
    type: arrayOf([
      { name: 'api_key', type: 'int16' },
      { name: 'min_version', type: 'int16' },
      { name: 'max_version', type: 'int16' },
    ]),
  },
  { name: 'throttle_time_ms', type: 'int32', versions: from(1) },
] as const;

let ranges: () => ApiRange[] = () => [];

/** Installed by the API table (avoids an import cycle). */
export function setSupportedRanges(fn: () => ApiRange[]): void {
  ranges = fn;
}

export function unsupportedApiVersionsResponse(): Buffer[] {
  const w = new Writer();
  writeStruct(
    w,
    response,
    { error_code: ErrorCode.UNSUPPORTED_VERSION, api_keys: ranges(), throttle_time_ms: 0 },
    0,
  );
  return w.toChunks();
}

export const apiVersions = defineApi<Record<string, never>, ApiVersionsResponse>({
  key: 18,
  name: 'ApiVersions',
  minVersion: 0,
  maxVersion: 2,
  request: [],
  response,
  handle: () => ({ error_code: ErrorCode.NONE, api_keys: ranges(), throttle_time_ms: 0 }),
});
