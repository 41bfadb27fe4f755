/*
 * JoinGroup (key 11), versions 0-5.
 *
 * Request:
 *   group_id              string
 *   session_timeout_ms    int32
 *   rebalance_timeout_ms  int32            (v1+; v0 uses the session timeout)
 *   member_id             string           ('' for a new member)
 *   group_instance_id     nullable string  (v5+)
 *   protocol_type         string           (e.g. "consumer")
 *   protocols             [name string, metadata bytes]
 *
 * Response:
 *   throttle_time_ms  int32   (v2+)
 *   error_code        int16
 *   generation_id     int32
 *   protocol_name     string
 *   leader            string
 *   member_id         string
 *   members           [member_id string, group_instance_id nullable string (v5+), metadata bytes]
 *                     (filled for the leader only)
 *
 * From v4 a new member first gets MEMBER_ID_REQUIRED (79) with its assigned member_id and must join
 * again with it. The response is held until the rebalance completes.
 */
import { defineApi } from '../protocol/api.ts';
import { arrayOf, from } from '../protocol/schema.ts';

interface JoinGroupRequest {
  group_id: string;
  session_timeout_ms: number;
  rebalance_timeout_ms: number;
  member_id: string;
  group_instance_id: string | null;
  protocol_type: string;
  protocols: { name: string; metadata: Buffer }[];
}

export const joinGroup = defineApi<JoinGroupRequest, unknown>({
  key: 11,
  name: 'JoinGroup',
  minVersion: 0,
  maxVersion: 5,
  request: [
    { name: 'group_id', type: 'string' },
    { name: 'session_timeout_ms', type: 'int32' },
    { name: 'rebalance_timeout_ms', type: 'int32', versions: from(1), default: -1 },
    { name: 'member_id', type: 'string' },
    { name: 'group_instance_id', type: 'nullableString', versions: from(5) },
    { name: 'protocol_type', type: 'string' },
    {
      name: 'protocols',
      type: arrayOf([
        { name: 'name', type: 'string' },
        { name: 'metadata', type: 'bytes' },
      ]),
    },
  ],
  response: [
    { name: 'throttle_time_ms', type: 'int32', versions: from(2) },
    { name: 'error_code', type: 'int16' },
    { name: 'generation_id', type: 'int32' },
    { name: 'protocol_name', type: 'string' },
    { name: 'leader', type: 'string' },
    { name: 'member_id', type: 'string' },
    {
      name: 'members',
      type: arrayOf([
        { name: 'member_id', type: 'string' },
        { name: 'group_instance_id', type: 'nullableString', versions: from(5) },
        { name: 'metadata', type: 'bytes' },
      ]),
    },
  ],
  async handle(req, ctx) {
    const r = await ctx.broker.groups.join({
      groupId: req.group_id,
      memberId: req.member_id,
      groupInstanceId: req.group_instance_id,
      sessionTimeoutMs: req.session_timeout_ms,
      rebalanceTimeoutMs: req.rebalance_timeout_ms < 0 ? req.session_timeout_ms : req.rebalance_timeout_ms,
      protocolType: req.protocol_type,
      // Copy: the metadata views point into the request frame, which must not be retained.
      protocols: req.protocols.map((p) => ({ name: p.name, metadata: Buffer.from(p.metadata) })),
      clientId: ctx.clientId ?? '',
      clientHost: ctx.clientHost,
      requireKnownMemberId: ctx.apiVersion >= 4,
    });
    return {
      throttle_time_ms: 0,
      error_code: r.error,
      generation_id: r.generationId,
      protocol_name: r.protocolName,
      leader: r.leader,
      member_id: r.memberId,
      members: r.members.map((m) => ({
        member_id: m.memberId,
        group_instance_id: m.groupInstanceId,
        metadata: m.metadata,
      })),
    };
  },
});
