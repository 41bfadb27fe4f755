/** Helpers shared by API handlers. */

import type { RequestContext } from '../protocol/api.ts';
import { KafkaError } from '../protocol/errors.ts';

const UNKNOWN_SERVER_ERROR = -1;

/** Maps a thrown error to a Kafka error code; unexpected errors are logged as UNKNOWN_SERVER_ERROR. */
export function errorCodeOf(err: unknown, ctx: RequestContext, what: string): number {
  if (err instanceof KafkaError) {
    ctx.broker.options.logger.info(`${what}: ${err.message}`);
    return err.code;
  }
  ctx.broker.options.logger.error(
    `${what}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`,
  );
  return UNKNOWN_SERVER_ERROR;
}

export function errorMessageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
