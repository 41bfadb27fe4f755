/*
 * DeleteTopics (key 20), versions 0-1.
 *
 * Request:
 *   topic_names  [string]
 *   timeout_ms   int32
 *
 * Response:
 *   throttle_time_ms  int32  (v1+)
 *   responses         [name string, error_code int16]
 */
import { defineApi } from '../protocol/api.ts';
import { arrayOf, from } from '../protocol/schema.ts';
import { errorCodeOf } from './util.ts';

interface DeleteTopicsRequest {
  topic_names: string[];
}

export const deleteTopics = defineApi<DeleteTopicsRequest, unknown>({
  key: 20,
  name: 'DeleteTopics',
  minVersion: 0,
  maxVersion: 1,
  request: [
    { name: 'topic_names', type: arrayOf('string') },
    { name: 'timeout_ms', type: 'int32' },
  ],
  response: [
    { name: 'throttle_time_ms', type: 'int32', versions: from(1) },
    {
      name: 'responses',
      type: arrayOf([
        { name: 'name', type: 'string' },
        { name: 'error_code', type: 'int16' },
      ]),
    },
  ],
  handle(req, ctx) {
    return {
      throttle_time_ms: 0,
      responses: req.topic_names.map((name) => {
        try {
          ctx.broker.topics.delete(name);
          return { name, error_code: 0 };
        } catch (err) {
          return { name, error_code: errorCodeOf(err, ctx, `delete topic ${name}`) };
        }
      }),
    };
  },
});
