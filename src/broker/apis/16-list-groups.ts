/*
 * ListGroups (key 16), versions 0-2.
 *
 * Request: (empty body)
 *
 * Response:
 *   throttle_time_ms  int32  (v1+)
 *   error_code        int16
 *   groups            [group_id string, protocol_type string]
 */
import { defineApi } from '../protocol/api.ts';
import { arrayOf, from } from '../protocol/schema.ts';

export const listGroups = defineApi<Record<string, never>, unknown>({
  key: 16,
  name: 'ListGroups',
  minVersion: 0,
  maxVersion: 2,
  request: [],
  response: [
    { name: 'throttle_time_ms', type: 'int32', versions: from(1) },
    { name: 'error_code', type: 'int16' },
    {
      name: 'groups',
      type: arrayOf([
        { name: 'group_id', type: 'string' },
        { name: 'protocol_type', type: 'string' },
      ]),
    },
  ],
  handle: (_req, ctx) => ({
    throttle_time_ms: 0,
    error_code: 0,
    groups: ctx.broker.groups.list().map((g) => ({ group_id: g.groupId, protocol_type: g.protocolType })),
  }),
});
