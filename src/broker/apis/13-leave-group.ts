/*
 * LeaveGroup (key 13), versions 0-3.
 *
 * Request:
 *   group_id   string
 *   member_id  string                                               (v0-2)
 *   members    [member_id string, group_instance_id nullable string] (v3+, batch leave)
 *
 * Response:
 *   throttle_time_ms  int32  (v1+)
 *   error_code        int16
 *   members           [member_id string, group_instance_id nullable string, error_code int16] (v3+)
 */
import { defineApi } from '../protocol/api.ts';
import { arrayOf, from, upTo } from '../protocol/schema.ts';

interface LeaveGroupRequest {
  group_id: string;
  member_id: string;
  members: { member_id: string; group_instance_id: string | null }[];
}

export const leaveGroup = defineApi<LeaveGroupRequest, unknown>({
  key: 13,
  name: 'LeaveGroup',
  minVersion: 0,
  maxVersion: 3,
  request: [
    { name: 'group_id', type: 'string' },
    { name: 'member_id', type: 'string', versions: upTo(2) },
    {
      name: 'members',
      type: arrayOf([
        { name: 'member_id', type: 'string' },
        { name: 'group_instance_id', type: 'nullableString' },
      ]),
      versions: from(3),
    },
  ],
  response: [
    { name: 'throttle_time_ms', type: 'int32', versions: from(1) },
    { name: 'error_code', type: 'int16' },
    {
      name: 'members',
      type: arrayOf([
        { name: 'member_id', type: 'string' },
        { name: 'group_instance_id', type: 'nullableString' },
        { name: 'error_code', type: 'int16' },
      ]),
      versions: from(3),
    },
  ],
  handle(req, ctx) {
    const groups = ctx.broker.groups;
    if (ctx.apiVersion < 3) {
      return { throttle_time_ms: 0, error_code: groups.leave(req.group_id, req.member_id), members: [] };
    }
    const members = req.members.map((m) => ({
      member_id: m.member_id,
      group_instance_id: m.group_instance_id,
      error_code: groups.leave(req.group_id, m.member_id),
    }));
    return { throttle_time_ms: 0, error_code: 0, members };
  },
});
