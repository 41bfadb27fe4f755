/** How one Kafka API is declared: key, served versions, request/response schemas and a handler. */
import type { BrokerCore } from '../broker.ts';
import type { Decoded, Struct } from './schema.ts';

export interface RequestContext {
  readonly apiVersion: number;
  readonly clientId: string | null;
  readonly clientHost: string;
  readonly broker: BrokerCore;
}

export interface ApiDefinition {
  readonly key: number;
  readonly name: string;
  readonly minVersion: number;
  readonly maxVersion: number;
  readonly request: Struct;
  readonly response: Struct;
  /** Returns the response body, or null when no response is sent (Produce with acks=0). */
  handle(req: Decoded, ctx: RequestContext): Promise<Decoded | null> | Decoded | null;
}

interface TypedApi<Req, Res> {
  readonly key: number;
  readonly name: string;
  readonly minVersion: number;
  readonly maxVersion: number;
  readonly request: Struct;
  readonly response: Struct;
  handle(req: Req, ctx: RequestContext): Promise<Res | null> | Res | null;
}

/**
 * Declares an API with typed request/response shapes. The schema is the source of truth for the
 * wire; the TypeScript types mirror it (field names match) for the handler's benefit.
 */
export function defineApi<Req, Res>(def: TypedApi<Req, Res>): ApiDefinition {
  return {
    ...def,
    handle: (req, ctx) => def.handle(req as unknown as Req, ctx) as Promise<Decoded | null> | Decoded | null,
  };
}
