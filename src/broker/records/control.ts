/**
 * Transaction markers: a control batch (attributes transactional|control) holding one record whose
 * key is [version int16 = 0, type int16 (0 = ABORT, 1 = COMMIT)] and whose value is
 * [version int16 = 0, coordinatorEpoch int32].
 */
import { Attr, buildBatch } from './batch.ts';
import { encodeRecord } from './record.ts';

export const ControlType = { abort: 0, commit: 1 } as const;

export function buildControlBatch(
  producerId: number,
  producerEpoch: number,
  commit: boolean,
  timestamp: number,
): Buffer {
  const key = Buffer.alloc(4);
  key.writeInt16BE(0, 0);
  key.writeInt16BE(commit ? ControlType.commit : ControlType.abort, 2);
  const value = Buffer.alloc(6); // version 0, coordinator epoch 0
  const record = encodeRecord({ offsetDelta: 0, timestampDelta: 0, key, value });
  return buildBatch({
    baseOffset: 0,
    attributes: Attr.transactional | Attr.control,
    lastOffsetDelta: 0,
    baseTimestamp: timestamp,
    maxTimestamp: timestamp,
    producerId,
    producerEpoch,
    baseSequence: -1,
    recordCount: 1,
    records: record,
  });
}

/** Reads the marker type of a control batch's single record (true = COMMIT). */
export function isCommitMarker(batch: Buffer): boolean {
  // Header (61) + record length varint (1 byte for this small record) + attributes + two 1-byte varints
  // (timestamp delta, offset delta) + key length varint (1) → key starts at 61 + 5; type at key+2.
  return batch.readInt16BE(61 + 5 + 2) === ControlType.commit;
}
