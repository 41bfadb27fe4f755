import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { compactPartition } from '../../src/broker/log/compaction.ts';
import { type LogConfig, PartitionLog } from '../../src/broker/log/partition-log.ts';
import { Attr, buildBatch, isControl, newHeader, readHeader } from '../../src/broker/records/batch.ts';
import { encodeRecord, forEachRecord, recordsSection } from '../../src/broker/records/record.ts';
import { settingsOf } from '../../src/broker/topics/config.ts';
import { Partition } from '../../src/broker/topics/partition.ts';

const dirs: string[] = [];
const tempDir = (): string => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'broker-log-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

const config = (over: Partial<LogConfig> = {}): LogConfig => ({
  segmentBytes: 1 << 30,
  segmentMs: 1 << 30,
  flushMessages: 1,
  flushMs: 1 << 30,
  retentionMs: -1,
  retentionBytes: -1,
  ...over,
});

/** A batch of `n` records with keys `${prefix}${i}` (or the given keys), timestamps at `ts`. */
function batch(keys: (string | null)[], ts = Date.now(), values?: (string | null)[]): Buffer {
  const records = Buffer.concat(
    keys.map((k, i) =>
      encodeRecord({
        offsetDelta: i,
        timestampDelta: 0,
        key: k === null ? null : Buffer.from(k),
        value: values ? (values[i] === null ? null : Buffer.from(values[i]!)) : Buffer.from(`value-${k}`),
      }),
    ),
  );
  return buildBatch({
    baseOffset: 0,
    attributes: 0,
    lastOffsetDelta: keys.length - 1,
    baseTimestamp: ts,
    maxTimestamp: ts,
    producerId: -1,
    producerEpoch: -1,
    baseSequence: -1,
    recordCount: keys.length,
    records,
  });
}

const offsetsIn = (chunks: Buffer[]): number[] => {
  const out: number[] = [];
  const h = newHeader();
  for (const c of chunks) {
    let pos = 0;
    while (pos < c.length) {
      readHeader(c, pos, h);
      out.push(h.baseOffset);
      pos += h.size;
    }
  }
  return out;
};

describe('partition log', () => {
  it('assigns offsets, reads them back and survives a reopen', () => {
    const dir = tempDir();
    const log = new PartitionLog(dir, () => config());
    log.open(() => {});
    expect(log.append(batch(['a', 'b']), false)).toBe(0);
    expect(log.append(batch(['c']), false)).toBe(2);
    expect(log.append(batch(['d', 'e', 'f']), false)).toBe(3);
    expect(log.logEndOffset).toBe(6);
    expect(offsetsIn(log.read(0, 1 << 20, 6))).toEqual([0, 2, 3]);
    expect(offsetsIn(log.read(4, 1 << 20, 6))).toEqual([3]);
    expect(offsetsIn(log.read(0, 1 << 20, 3))).toEqual([0, 2]);
    expect(offsetsIn(log.read(0, 1, 6))).toEqual([0]); // the first batch always comes whole
    log.close();
    const again = new PartitionLog(dir, () => config());
    again.open(() => {});
    expect(again.logEndOffset).toBe(6);
    expect(offsetsIn(again.read(0, 1 << 20, 6))).toEqual([0, 2, 3]);
    again.close();
  });

  it('truncates a torn tail and a corrupt last batch on recovery', () => {
    const dir = tempDir();
    const log = new PartitionLog(dir, () => config());
    log.open(() => {});
    for (let i = 0; i < 3; i++) log.append(batch([`k${i}`]), false);
    log.close();
    const file = path.join(dir, '00000000000000000000.log');
    const goodSize = fs.statSync(file).size;
    // A crash mid-write: half of a fourth batch.
    fs.appendFileSync(file, batch(['torn']).subarray(0, 30));
    let log2 = new PartitionLog(dir, () => config());
    expect(log2.open(() => {}).truncatedBytes).toBe(30);
    expect(log2.logEndOffset).toBe(3);
    expect(fs.statSync(file).size).toBe(goodSize);
    log2.close();
    // A complete-length batch whose bytes are garbage (CRC mismatch) is cut as well.
    const bad = batch(['bad']);
    bad[bad.length - 1] = bad[bad.length - 1]! ^ 0xff;
    fs.appendFileSync(file, bad);
    log2 = new PartitionLog(dir, () => config());
    expect(log2.open(() => {}).truncatedBytes).toBe(bad.length);
    expect(log2.logEndOffset).toBe(3);
    expect(log2.append(batch(['next']), false)).toBe(3);
    log2.close();
  });

  it('rolls segments and deletes old ones by retention.bytes and retention.ms', () => {
    const dir = tempDir();
    let cfg = config({ segmentBytes: 200 });
    const log = new PartitionLog(dir, () => cfg);
    log.open(() => {});
    const old = Date.now() - 10_000;
    for (let i = 0; i < 10; i++) log.append(batch([`k${i}`], old), false);
    expect(log.closedSegments().length).toBeGreaterThan(2);
    cfg = { ...cfg, retentionBytes: 300 };
    log.enforceRetention(Date.now());
    expect(log.sizeBytes).toBeLessThanOrEqual(300 + 200);
    expect(log.logStartOffset).toBeGreaterThan(0);
    cfg = { ...cfg, retentionBytes: -1, retentionMs: 1000 };
    log.enforceRetention(Date.now());
    expect(log.logStartOffset).toBe(10);
    expect(log.logEndOffset).toBe(10);
    expect(log.read(0, 1000, 10)).toEqual([]);
    log.close();
  });

  it('compacts closed segments to the last value per key and drops old tombstones', () => {
    const dir = tempDir();
    const settings = settingsOf({
      'cleanup.policy': 'compact',
      'segment.bytes': '150',
      'delete.retention.ms': '1000',
    });
    const p = new Partition('t', 0, dir, () => settings);
    p.open();
    const old = Date.now() - 5000;
    p.append(batch(['a', 'b'], old), false); // 0,1
    p.append(batch(['a'], old, ['a2']), false); // 2
    p.append(batch(['b'], old, [null]), false); // 3 (tombstone for b)
    p.append(batch(['c'], old), false); // 4
    p.append(batch(['d'], Date.now()), false); // 5 (active segment)
    compactPartition(p, settings, Date.now());
    const seen: string[] = [];
    const h = newHeader();
    p.log.scan(0, (b) => {
      readHeader(b, 0, h);
      const data = recordsSection(b, h.attributes);
      forEachRecord(data, h.recordCount, (r) =>
        seen.push(
          `${h.baseOffset + r.offsetDelta}:${data.toString('utf8', r.keyStart, r.keyStart + r.keyLength)}`,
        ),
      );
      return true;
    });
    expect(seen).toEqual(['2:a', '4:c', '5:d']);
    expect(p.log.logEndOffset).toBe(6);
    p.close();
  });
});

describe('compaction with transactions', () => {
  /** A transactional batch of `pid` (epoch 0) with the given keys and values. */
  const txnBatch = (pid: number, seq: number, keys: string[], values: string[], ts: number): Buffer => {
    const plain = batch(keys, ts, values);
    return buildBatch({
      baseOffset: 0,
      attributes: Attr.transactional,
      lastOffsetDelta: keys.length - 1,
      baseTimestamp: ts,
      maxTimestamp: ts,
      producerId: pid,
      producerEpoch: 0,
      baseSequence: seq,
      recordCount: keys.length,
      records: plain.subarray(61),
    });
  };

  const contents = (p: Partition): string[] => {
    const seen: string[] = [];
    const h = newHeader();
    p.log.scan(0, (b) => {
      readHeader(b, 0, h);
      if (isControl(h)) {
        seen.push(`${h.baseOffset}:marker`);
        return true;
      }
      const data = recordsSection(b, h.attributes);
      // these records have no headers: the value ends just before the one-byte header count
      forEachRecord(data, h.recordCount, (r) =>
        seen.push(
          `${h.baseOffset + r.offsetDelta}:${data.toString('utf8', r.end - 1 - r.valueLength, r.end - 1)}`,
        ),
      );
      return true;
    });
    return seen;
  };

  it('drops aborted records, never lets them or open transactions shadow committed values, and keeps markers while needed', () => {
    const settings = settingsOf({
      'cleanup.policy': 'compact',
      'segment.bytes': '100',
      'delete.retention.ms': '1000',
    });
    const p = new Partition('t', 0, tempDir(), () => settings);
    p.open();
    const old = Date.now() - 5000;
    p.append(batch(['a'], old, ['a1']), false); // 0
    p.append(txnBatch(11, 0, ['a'], ['a-aborted'], old), false); // 1
    p.writeMarker(11, 0, false); // 2: abort
    p.append(txnBatch(12, 0, ['b', 'c'], ['b1', 'c1'], old), false); // 3, 4
    p.writeMarker(12, 0, true); // 5: commit
    p.append(batch(['b'], old, ['b2']), false); // 6
    p.append(txnBatch(13, 0, ['c'], ['c-open'], old), false); // 7: still open
    p.append(batch(['d'], old, ['d1']), false); // 8
    p.append(batch(['e'], Date.now(), ['e1']), false); // 9 (active segment)
    expect(p.lastStableOffset).toBe(7);

    const later = Date.now() + 10_000; // markers and tombstones are past delete.retention.ms
    compactPartition(p, settings, later);
    // a1 survives the aborted a; the abort marker goes with its records; b1 is shadowed by b2 but c1
    // is not shadowed by the open transaction's c, so the commit marker stays with c1
    expect(contents(p)).toEqual(['0:a1', '4:c1', '5:marker', '6:b2', '7:c-open', '8:d1', '9:e1']);

    p.writeMarker(13, 0, false); // 10: the open transaction aborts
    p.append(batch(['f'], Date.now(), ['f1']), false); // 11
    compactPartition(p, settings, later);
    expect(contents(p)).toEqual(['0:a1', '4:c1', '5:marker', '6:b2', '8:d1', '9:e1', '11:f1']);
    expect(p.log.logEndOffset).toBe(12);
    p.close();
  });
});

describe('idempotent appends', () => {
  const producerBatch = (pid: number, epoch: number, seq: number, n: number): Buffer => {
    const b = batch(Array.from({ length: n }, (_, i) => `k${seq + i}`));
    const h = newHeader();
    readHeader(b, 0, h);
    return buildBatch({
      baseOffset: 0,
      attributes: 0,
      lastOffsetDelta: n - 1,
      baseTimestamp: h.baseTimestamp,
      maxTimestamp: h.maxTimestamp,
      producerId: pid,
      producerEpoch: epoch,
      baseSequence: seq,
      recordCount: n,
      records: b.subarray(61),
    });
  };

  it('suppresses retried batches, rejects gaps and fences old epochs', () => {
    const p = new Partition('t', 0, tempDir(), () => settingsOf({}));
    p.open();
    expect(p.append(producerBatch(7, 0, 0, 2), false)).toBe(0);
    expect(p.append(producerBatch(7, 0, 2, 3), false)).toBe(2);
    // A retry of the first batch is acknowledged with its original offset and not stored again.
    expect(p.append(producerBatch(7, 0, 0, 2), false)).toBe(0);
    expect(p.highWatermark).toBe(5);
    expect(() => p.append(producerBatch(7, 0, 9, 1), false)).toThrow(/expected sequence 5, got 9/);
    expect(p.append(producerBatch(7, 1, 0, 1), false)).toBe(5);
    expect(() => p.append(producerBatch(7, 0, 5, 1), false)).toThrow(/older than the current epoch/);
    p.close();
    // Producer state is rebuilt from the log on reopen: the retry is still recognised.
    const again = new Partition('t', 0, p.dir, () => settingsOf({}));
    again.open();
    expect(again.append(producerBatch(7, 1, 0, 1), false)).toBe(5);
    expect(again.append(producerBatch(7, 1, 1, 1), false)).toBe(6);
    again.close();
  });

  it('forgets producers unseen for producer.id.expiration.ms, but not one with an open transaction', () => {
    const p = new Partition('t', 0, tempDir(), () => settingsOf({}));
    p.open();
    p.append(producerBatch(7, 0, 0, 1), false);
    p.append(producerBatch(8, 0, 0, 1), false);
    expect(p.producers.size).toBe(2);
    p.producers.expire(Date.now(), 60_000);
    expect(p.producers.size).toBe(2);
    p.producers.expire(Date.now() + 120_000, 60_000);
    expect(p.producers.size).toBe(0);
    // a forgotten producer may continue at any sequence
    expect(p.append(producerBatch(7, 0, 1, 1), false)).toBe(2);
    p.close();
  });
});
