/*
 * DescribeGroups (key 15), versions 0-2.
 *
 * Request:
 *   groups  [string]
 *
 * Response:
 *   throttle_time_ms  int32  (v1+)
 *   groups            [error_code int16, group_id string, group_state string, protocol_type string,
 *                      protocol_data string,
 *                      members [member_id string, client_id string, client_host string,
 *                               member_metadata bytes, member_assignment bytes]]
 *
 * An unknown group is described as state "Dead" with no members.
 */
import { defineApi } from '../protocol/api.ts';
import { arrayOf, from } from '../protocol/schema.ts';

export const describeGroups = defineApi<{ groups: string[] }, unknown>({
  key: 15,
  name: 'DescribeGroups',
  minVersion: 0,
  maxVersion: 2,
  request: [{ name: 'groups', type: arrayOf('string') }],
  response: [
    { name: 'throttle_time_ms', type: 'int32', versions: from(1) },
    {
      name: 'groups',
      type: arrayOf([
        { name: 'error_code', type: 'int16' },
        { name: 'group_id', type: 'string' },
        { name: 'group_state', type: 'string' },
        { name: 'protocol_type', type: 'string' },
        { name: 'protocol_data', type: 'string' },
        {
          name: 'members',
          type: arrayOf([
            { name: 'member_id', type: 'string' },
            { name: 'client_id', type: 'string' },
            { name: 'client_host', type: 'string' },
            { name: 'member_metadata', type: 'bytes' },
            { name: 'member_assignment', type: 'bytes' },
          ]),
        },
      ]),
    },
  ],
  handle(req, ctx) {
    return {
      throttle_time_ms: 0,
      groups: req.groups.map((id) => {
        const d = ctx.broker.groups.describe(id);
        return {
          error_code: 0,
          group_id: id,
          group_state: d.state,
          protocol_type: d.protocolType,
          protocol_data: d.protocol,
          members: d.members.map((m) => ({
            member_id: m.memberId,
            client_id: m.clientId,
            client_host: m.clientHost,
            member_metadata: m.metadata,
            member_assignment: m.assignment,
          })),
        };
      }),
    };
  },
});
