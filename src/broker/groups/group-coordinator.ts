/**
 * The classic consumer-group protocol: JoinGroup/SyncGroup/Heartbeat/LeaveGroup with generations,
 * leader election, session and rebalance timeouts. One coordinator (this broker) for every group.
 */
import { randomUUID } from 'node:crypto';
import { ErrorCode } from '../protocol/errors.ts';
import { type OffsetEntry, OffsetStore } from './offset-store.ts';

export type GroupState = 'Empty' | 'PreparingRebalance' | 'CompletingRebalance' | 'Stable' | 'Dead';

export interface JoinResult {
  error: number;
  generationId: number;
  protocolName: string;
  leader: string;
  memberId: string;
  members: { memberId: string; groupInstanceId: string | null; metadata: Buffer }[];
}

export interface SyncResult {
  error: number;
  assignment: Buffer;
}

interface Member {
  readonly memberId: string;
  readonly groupInstanceId: string | null;
  readonly clientId: string;
  readonly clientHost: string;
  sessionTimeoutMs: number;
  rebalanceTimeoutMs: number;
  protocols: { name: string; metadata: Buffer }[];
  assignment: Buffer;
  joinWaiter: ((r: JoinResult) => void) | null;
  syncWaiter: ((r: SyncResult) => void) | null;
  sessionTimer: NodeJS.Timeout | null;
}

export interface Group {
  readonly id: string;
  state: GroupState;
  generation: number;
  protocolType: string | null;
  protocol: string | null;
  leader: string | null;
  readonly members: Map<string, Member>;
  /** Member ids handed out with MEMBER_ID_REQUIRED, not yet joined. */
  readonly pending: Set<string>;
  rebalanceTimer: NodeJS.Timeout | null;
}

export interface JoinRequest {
  groupId: string;
  memberId: string;
  groupInstanceId: string | null;
  sessionTimeoutMs: number;
  rebalanceTimeoutMs: number;
  protocolType: string;
  protocols: { name: string; metadata: Buffer }[];
  clientId: string;
  clientHost: string;
  requireKnownMemberId: boolean;
}

const EMPTY = Buffer.alloc(0);

export class GroupCoordinator {
  readonly groups = new Map<string, Group>();
  readonly offsets: OffsetStore;

  constructor(dataDir: string) {
    this.offsets = new OffsetStore(dataDir);
  }

  open(): void {
    this.offsets.open();
  }

  private failJoin(memberId: string, error: number): JoinResult {
    return { error, generationId: -1, protocolName: '', leader: '', memberId, members: [] };
  }

  join(req: JoinRequest): Promise<JoinResult> | JoinResult {
    if (req.groupId === '') return this.failJoin(req.memberId, ErrorCode.INVALID_GROUP_ID);
    if (req.sessionTimeoutMs < 1000 || req.sessionTimeoutMs > 1_800_000) {
      return this.failJoin(req.memberId, ErrorCode.INVALID_SESSION_TIMEOUT);
    }
    let group = this.groups.get(req.groupId);
    if (group === undefined) {
      group = {
        id: req.groupId,
        state: 'Empty',
        generation: 0,
        protocolType: null,
        protocol: null,
        leader: null,
        members: new Map(),
        pending: new Set(),
        rebalanceTimer: null,
      };
      this.groups.set(req.groupId, group);
    }
    if (group.members.size > 0) {
      const common = req.protocols.some((p) =>
        [...group.members.values()].every((m) => m.protocols.some((q) => q.name === p.name)),
      );
      if (group.protocolType !== req.protocolType || !common) {
        return this.failJoin(req.memberId, ErrorCode.INCONSISTENT_GROUP_PROTOCOL);
      }
    }
    let member: Member | undefined;
    if (req.memberId === '') {
      const id = `${req.clientId || 'member'}-${randomUUID()}`;
      if (req.requireKnownMemberId) {
        group.pending.add(id);
        return this.failJoin(id, ErrorCode.MEMBER_ID_REQUIRED);
      }
      member = this.addMember(group, id, req);
    } else {
      member = group.members.get(req.memberId);
      if (member === undefined) {
        if (!group.pending.delete(req.memberId))
          return this.failJoin(req.memberId, ErrorCode.UNKNOWN_MEMBER_ID);
        member = this.addMember(group, req.memberId, req);
      }
    }
    member.protocols = req.protocols;
    member.sessionTimeoutMs = req.sessionTimeoutMs;
    member.rebalanceTimeoutMs = req.rebalanceTimeoutMs;
    group.protocolType = req.protocolType;
    const m = member;
    return new Promise<JoinResult>((resolve) => {
      if (m.joinWaiter) m.joinWaiter(this.failJoin(m.memberId, ErrorCode.REBALANCE_IN_PROGRESS));
      m.joinWaiter = resolve;
      // A member waiting in a join is alive; its session restarts when the join completes.
      this.clearSession(m);
      this.prepareRebalance(group);
      this.tryCompleteJoin(group);
    });
  }

  private addMember(group: Group, memberId: string, req: JoinRequest): Member {
    const m: Member = {
      memberId,
      groupInstanceId: req.groupInstanceId,
      clientId: req.clientId,
      clientHost: req.clientHost,
      sessionTimeoutMs: req.sessionTimeoutMs,
      rebalanceTimeoutMs: req.rebalanceTimeoutMs,
      protocols: req.protocols,
      assignment: EMPTY,
      joinWaiter: null,
      syncWaiter: null,
      sessionTimer: null,
    };
    group.members.set(memberId, m);
    return m;
  }

  private prepareRebalance(group: Group): void {
    if (group.state === 'PreparingRebalance') return;
    if (group.state === 'CompletingRebalance') {
      for (const m of group.members.values()) this.resolveSync(m, ErrorCode.REBALANCE_IN_PROGRESS, EMPTY);
    }
    group.state = 'PreparingRebalance';
    let timeout = 0;
    for (const m of group.members.values()) timeout = Math.max(timeout, m.rebalanceTimeoutMs);
    group.rebalanceTimer = setTimeout(() => this.completeJoin(group), timeout);
    group.rebalanceTimer.unref();
  }

  private tryCompleteJoin(group: Group): void {
    if (group.state !== 'PreparingRebalance') return;
    for (const m of group.members.values()) if (m.joinWaiter === null) return;
    this.completeJoin(group);
  }

  /** Ends the join phase: members that did not rejoin are dropped, a new generation starts. */
  private completeJoin(group: Group): void {
    if (group.state !== 'PreparingRebalance') return;
    if (group.rebalanceTimer) clearTimeout(group.rebalanceTimer);
    group.rebalanceTimer = null;
    for (const m of [...group.members.values()]) if (m.joinWaiter === null) this.removeMember(group, m);
    group.generation++;
    if (group.members.size === 0) {
      group.state = 'Empty';
      group.leader = null;
      group.protocol = null;
      return;
    }
    const members = [...group.members.values()];
    if (group.leader === null || !group.members.has(group.leader)) group.leader = members[0]!.memberId;
    const leader = group.members.get(group.leader)!;
    const chosen = leader.protocols.find((p) =>
      members.every((m) => m.protocols.some((q) => q.name === p.name)),
    );
    group.protocol = chosen?.name ?? leader.protocols[0]?.name ?? '';
    group.state = 'CompletingRebalance';
    const protocol = group.protocol;
    const list = members.map((m) => ({
      memberId: m.memberId,
      groupInstanceId: m.groupInstanceId,
      metadata: m.protocols.find((p) => p.name === protocol)?.metadata ?? EMPTY,
    }));
    for (const m of members) {
      const waiter = m.joinWaiter!;
      m.joinWaiter = null;
      this.touchSession(group, m);
      waiter({
        error: ErrorCode.NONE,
        generationId: group.generation,
        protocolName: protocol,
        leader: group.leader,
        memberId: m.memberId,
        members: m.memberId === group.leader ? list : [],
      });
    }
  }

  private removeMember(group: Group, m: Member): void {
    this.clearSession(m);
    group.members.delete(m.memberId);
    if (m.joinWaiter) m.joinWaiter(this.failJoin(m.memberId, ErrorCode.UNKNOWN_MEMBER_ID));
    m.joinWaiter = null;
    this.resolveSync(m, ErrorCode.UNKNOWN_MEMBER_ID, EMPTY);
    if (group.leader === m.memberId) group.leader = null;
  }

  private resolveSync(m: Member, error: number, assignment: Buffer): void {
    const w = m.syncWaiter;
    m.syncWaiter = null;
    if (w) w({ error, assignment });
  }

  private clearSession(m: Member): void {
    if (m.sessionTimer) clearTimeout(m.sessionTimer);
    m.sessionTimer = null;
  }

  private touchSession(group: Group, m: Member): void {
    this.clearSession(m);
    m.sessionTimer = setTimeout(() => this.expire(group, m), m.sessionTimeoutMs);
    m.sessionTimer.unref();
  }

  private expire(group: Group, m: Member): void {
    if (group.members.get(m.memberId) !== m || m.joinWaiter !== null) return;
    this.removeMember(group, m);
    this.afterDeparture(group);
  }

  private afterDeparture(group: Group): void {
    if (group.state === 'PreparingRebalance') this.tryCompleteJoin(group);
    else if (group.members.size === 0) {
      group.state = 'Empty';
      group.generation++;
      group.leader = null;
    } else this.prepareRebalance(group);
  }

  private check(
    groupId: string,
    memberId: string,
    generation: number,
  ): { group: Group; member: Member } | number {
    const group = this.groups.get(groupId);
    const member = group?.members.get(memberId);
    if (group === undefined || member === undefined) return ErrorCode.UNKNOWN_MEMBER_ID;
    if (generation !== group.generation) return ErrorCode.ILLEGAL_GENERATION;
    return { group, member };
  }

  sync(
    groupId: string,
    generation: number,
    memberId: string,
    assignments: { memberId: string; assignment: Buffer }[],
  ): Promise<SyncResult> | SyncResult {
    const c = this.check(groupId, memberId, generation);
    if (typeof c === 'number') return { error: c, assignment: EMPTY };
    const { group, member } = c;
    this.touchSession(group, member);
    if (group.state === 'PreparingRebalance')
      return { error: ErrorCode.REBALANCE_IN_PROGRESS, assignment: EMPTY };
    if (group.state === 'Stable') return { error: ErrorCode.NONE, assignment: member.assignment };
    return new Promise<SyncResult>((resolve) => {
      member.syncWaiter = resolve;
      if (memberId !== group.leader) return;
      const byMember = new Map(assignments.map((a) => [a.memberId, a.assignment]));
      group.state = 'Stable';
      for (const m of group.members.values()) {
        m.assignment = Buffer.from(byMember.get(m.memberId) ?? EMPTY);
        this.resolveSync(m, ErrorCode.NONE, m.assignment);
      }
    });
  }

  heartbeat(groupId: string, generation: number, memberId: string): number {
    const c = this.check(groupId, memberId, generation);
    if (typeof c === 'number') return c;
    this.touchSession(c.group, c.member);
    return c.group.state === 'PreparingRebalance' ? ErrorCode.REBALANCE_IN_PROGRESS : ErrorCode.NONE;
  }

  leave(groupId: string, memberId: string): number {
    const group = this.groups.get(groupId);
    const m = group?.members.get(memberId);
    if (group === undefined || m === undefined) return ErrorCode.UNKNOWN_MEMBER_ID;
    this.removeMember(group, m);
    this.afterDeparture(group);
    return ErrorCode.NONE;
  }

  /** Validates a group commit; generation -1 with no member id is a standalone (simple) commit. */
  commit(groupId: string, generation: number, memberId: string, entries: OffsetEntry[]): number {
    if (groupId === '') return ErrorCode.INVALID_GROUP_ID;
    const group = this.groups.get(groupId);
    if (generation < 0 && memberId === '') {
      if (group !== undefined && group.members.size > 0) return ErrorCode.UNKNOWN_MEMBER_ID;
    } else {
      const c = this.check(groupId, memberId, generation);
      if (typeof c === 'number') return c;
      if (c.group.state === 'CompletingRebalance') return ErrorCode.REBALANCE_IN_PROGRESS;
      this.touchSession(c.group, c.member);
    }
    this.offsets.commit(groupId, entries);
    return ErrorCode.NONE;
  }

  describe(groupId: string): {
    state: GroupState;
    protocolType: string;
    protocol: string;
    members: {
      memberId: string;
      clientId: string;
      clientHost: string;
      metadata: Buffer;
      assignment: Buffer;
    }[];
  } {
    const g = this.groups.get(groupId);
    if (g === undefined) {
      return {
        state: this.offsets.all(groupId).length > 0 ? 'Empty' : 'Dead',
        protocolType: '',
        protocol: '',
        members: [],
      };
    }
    const protocol = g.protocol ?? '';
    return {
      state: g.state,
      protocolType: g.protocolType ?? '',
      protocol: g.state === 'Stable' || g.state === 'CompletingRebalance' ? protocol : '',
      members: [...g.members.values()].map((m) => ({
        memberId: m.memberId,
        clientId: m.clientId,
        clientHost: m.clientHost,
        metadata: m.protocols.find((p) => p.name === protocol)?.metadata ?? EMPTY,
        assignment: g.state === 'Stable' ? m.assignment : EMPTY,
      })),
    };
  }

  list(): { groupId: string; protocolType: string }[] {
    const ids = new Set([...this.groups.keys(), ...this.offsets.groupIds()]);
    return [...ids].map((id) => ({ groupId: id, protocolType: this.groups.get(id)?.protocolType ?? '' }));
  }

  close(): void {
    for (const g of this.groups.values()) {
      if (g.rebalanceTimer) clearTimeout(g.rebalanceTimer);
      for (const m of g.members.values()) this.clearSession(m);
    }
    this.offsets.close();
  }
}
