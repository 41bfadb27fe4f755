/*
 * SyncGroup (key 14), versions 0-3.
 *
 * Request:
 *   group_id           string
 *   generation_id      int32
 *   member_id          string
 *   group_instance_id  nullable string  (v3+)
 *   assignments        [member_id string, assignment bytes]  (sent by the leader only)
 *
 * Response:
 *   throttle_time_ms  int32  (v1+)
 *   error_code        int16
 *   assignment        bytes
 *
 * Followers wait until the leader's SyncGroup delivers the assignments.
 */
import { defineApi } from '../protocol/api.ts';
import { arrayOf, from } from '../protocol/schema.ts';

interface SyncGroupRequest {
  group_id: string;
  generation_id: number;
  member_id: string;
  assignments: { member_id: string; assignment: Buffer }[];
}

export const syncGroup = defineApi<SyncGroupRequest, unknown>({
  key: 14,
  name: 'SyncGroup',
  minVersion: 0,
  maxVersion: 3,
  request: [
    { name: 'group_id', type: 'string' },
    { name: 'generation_id', type: 'int32' },
    { name: 'member_id', type: 'string' },
    { name: 'group_instance_id', type: 'nullableString', versions: from(3) },
    {
      name: 'assignments',
      type: arrayOf([
        { name: 'member_id', type: 'string' },
        { name: 'assignment', type: 'bytes' },
      ]),
    },
  ],
  response: [
    { name: 'throttle_time_ms', type: 'int32', versions: from(1) },
    { name: 'error_code', type: 'int16' },
    { name: 'assignment', type: 'bytes' },
  ],
  async handle(req, ctx) {
    const r = await ctx.broker.groups.sync(
      req.group_id,
      req.generation_id,
      req.member_id,
      req.assignments.map((a) => ({ memberId: a.member_id, assignment: a.assignment })),
    );
    return { throttle_time_ms: 0, error_code: r.error, assignment: r.assignment };
  },
});
