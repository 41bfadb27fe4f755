import { type RegistryOptions, type RunningRegistry, startRegistry } from '../../src/registry/index.ts';

export interface ApiResponse {
  status: number;
  body: unknown;
  contentType: string | null;
}

/** A registry on an ephemeral port plus a small HTTP helper speaking its media type. */
export async function startTestRegistry(opts: RegistryOptions = {}): Promise<RunningRegistry & { api: Api }> {
  const registry = await startRegistry({ host: '127.0.0.1', port: 0, ...opts });
  return { ...registry, close: registry.close, api: apiFor(registry.url) };
}

export type Api = (
  method: string,
  path: string,
  body?: unknown,
  contentType?: string,
) => Promise<ApiResponse>;

export function apiFor(url: string): Api {
  return async (method, path, body, contentType = 'application/vnd.schemaregistry.v1+json') => {
    const response = await fetch(url + path, {
      method,
      headers: body === undefined ? {} : { 'content-type': contentType },
      ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // raw schema endpoints may return non-JSON text
    }
    return { status: response.status, body: parsed, contentType: response.headers.get('content-type') };
  };
}

export function avroRecord(name: string, fields: readonly object[]): string {
  return JSON.stringify({ type: 'record', name, fields });
}
