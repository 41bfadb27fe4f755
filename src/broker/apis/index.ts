/** The table of served APIs, keyed by api_key. */
import type { ApiDefinition } from '../protocol/api.ts';
import { produce } from './00-produce.ts';
import { fetch } from './01-fetch.ts';
import { listOffsets } from './02-list-offsets.ts';
import { metadata } from './03-metadata.ts';
import { offsetCommit } from './08-offset-commit.ts';
import { offsetFetch } from './09-offset-fetch.ts';
import { findCoordinator } from './10-find-coordinator.ts';
import { joinGroup } from './11-join-group.ts';
import { heartbeat } from './12-heartbeat.ts';
import { leaveGroup } from './13-leave-group.ts';
import { syncGroup } from './14-sync-group.ts';
import { describeGroups } from './15-describe-groups.ts';
import { listGroups } from './16-list-groups.ts';
import { apiVersions, setSupportedRanges, unsupportedApiVersionsResponse } from './18-api-versions.ts';
import { createTopics } from './19-create-topics.ts';
import { deleteTopics } from './20-delete-topics.ts';
import { initProducerId } from './22-init-producer-id.ts';
import { addPartitionsToTxn } from './24-add-partitions-to-txn.ts';
import { addOffsetsToTxn } from './25-add-offsets-to-txn.ts';
import { endTxn } from './26-end-txn.ts';
import { txnOffsetCommit } from './28-txn-offset-commit.ts';
import { describeConfigs } from './32-describe-configs.ts';
import { createPartitions } from './37-create-partitions.ts';

export const APIS: readonly ApiDefinition[] = [
  produce,
  fetch,
  listOffsets,
  metadata,
  offsetCommit,
  offsetFetch,
  findCoordinator,
  joinGroup,
  heartbeat,
  leaveGroup,
  syncGroup,
  describeGroups,
  listGroups,
  apiVersions,
  createTopics,
  deleteTopics,
  initProducerId,
  addPartitionsToTxn,
  addOffsetsToTxn,
  endTxn,
  txnOffsetCommit,
  describeConfigs,
  createPartitions,
];

export const API_TABLE: ReadonlyMap<number, ApiDefinition> = new Map(APIS.map((a) => [a.key, a]));

setSupportedRanges(() =>
  APIS.map((a) => ({ api_key: a.key, min_version: a.minVersion, max_version: a.maxVersion })),
);

export { unsupportedApiVersionsResponse };
