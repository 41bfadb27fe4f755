/**
 * The binary state encoding of checkpoint files: every engine value round-trips exactly, parts apply
 * in order with tombstones, and the tagged form built from a binary snapshot equals the one the
 * tagged encoding gives.
 */
import { describe, expect, it } from 'vitest';
import {
  ABSENT,
  binaryKeyedSnapshot,
  binaryStateFile,
  forEachEntry,
  isBinaryStateFile,
  mergeParts,
  partFields,
  readBinaryStateFile,
  StatePartWriter,
} from '../../src/state/binary-state.ts';
import { decodeBinary, encodeBinary, ValueReader, ValueWriter } from '../../src/state/binary-value.ts';
import { HeapKeyedStateBackend } from '../../src/state/heap-backend.ts';
import { keyGroupOf } from '../../src/state/keys.ts';
import { encodeValue } from '../../src/state/tagged-value.ts';

const roundTrip = (v: unknown): unknown => decodeBinary(encodeBinary(v));

describe('binary values', () => {
  it('round-trips every engine value exactly', () => {
    const values: unknown[] = [
      null,
      undefined,
      true,
      false,
      0,
      1,
      -1,
      2 ** 31 - 1,
      -(2 ** 31),
      2 ** 31,
      2 ** 53 + 2,
      -(2 ** 40),
      0.1,
      -0,
      Number.NaN,
      Number.POSITIVE_INFINITY,
      Number.NEGATIVE_INFINITY,
      Math.fround(1.1),
      '',
      'plain ascii',
      'ü🙂 non-ascii',
      'x'.repeat(300),
      `${'y'.repeat(200)}é`,
      0n,
      -(2n ** 63n),
      2n ** 63n - 1n,
      2n ** 63n,
      -(10n ** 40n),
      new Uint8Array([0, 255, 7]),
      new Uint8Array(0),
      [1, [2, [3, null]], 'a'],
      new Map<unknown, unknown>([
        [1, 'one'],
        ['k', [1n, new Map([[2, 3]])]],
      ]),
      new Set([1, 'a', 2n]),
      { accs: [{ count: 3 }, { sum: 5n, count: 2 }], count: 3, distinct: [null, new Map([['k', [1, [2]]]])] },
      Object.create(null) as object,
    ];
    for (const v of values) expect(roundTrip(v)).toEqual(v);
    expect(Object.is(roundTrip(-0), -0)).toBe(true);
    const holes = roundTrip(new Array(3)) as unknown[];
    expect(holes).toHaveLength(3);
    expect(holes[1]).toBeUndefined();
  });

  it('splits a part into chunks without copying, values spanning chunks read back whole', () => {
    const w = new ValueWriter(16);
    const big = { list: Array.from({ length: 1000 }, (_, i) => [i, `v${i}`]), text: 'é'.repeat(5000) };
    w.value(big);
    w.value('tail');
    const chunks = w.finish();
    expect(chunks.length).toBeGreaterThan(3);
    const r = new ValueReader(Buffer.concat(chunks));
    expect(r.value()).toEqual(big);
    expect(r.value()).toBe('tail');
    expect(r.atEnd()).toBe(true);
  });

  it('keeps frozen objects (PreciseTimestamp) frozen and others mutable', () => {
    const [ts, plain] = roundTrip([Object.freeze({ millis: 5, nanoOfMilli: 7 }), { a: 1 }]) as object[];
    expect(ts).toEqual({ millis: 5, nanoOfMilli: 7 });
    expect(Object.isFrozen(ts)).toBe(true);
    expect(Object.isFrozen(plain)).toBe(false);
  });

  it('refuses functions and class instances, and malformed input', () => {
    expect(() => encodeBinary(() => 1)).toThrow(/function/);
    expect(() => encodeBinary(new Date())).toThrow(/class instance/);
    expect(() => decodeBinary(new Uint8Array([99]))).toThrow(/unknown value tag 99/);
    expect(() => decodeBinary(encodeBinary('abc').subarray(0, 2))).toThrow(/Malformed binary state/);
    expect(() => decodeBinary(new Uint8Array([0, 0]))).toThrow(/after the value/);
  });
});

describe('binary state parts', () => {
  it('applies parts in order: a later entry replaces, a tombstone removes', () => {
    const first = new StatePartWriter(16);
    first.beginState('v', 'value');
    for (let k = 0; k < 1000; k++) first.entry(`k${k}`, { n: k });
    first.beginState('empty', 'map');
    const second = new StatePartWriter();
    second.beginState('v', 'value');
    second.entry('k1', { n: -1 });
    second.removed('k2');
    expect(second.total).toBe(2);
    const merged = mergeParts([...first.finish(), ...second.finish()]);
    expect(merged.get('empty')).toEqual({ kind: 'map', entries: new Map() });
    const v = merged.get('v')!;
    expect(v.entries.size).toBe(1000);
    expect(v.entries.get('k1')).toEqual({ n: -1 });
    expect(v.entries.get('k2')).toBe(ABSENT);
    expect(v.entries.get('k999')).toEqual({ n: 999 });
  });

  it('builds the same tagged form as the tagged encoding, lazily, and restores from the parts', () => {
    const b = new HeapKeyedStateBackend();
    const value = b.valueState<unknown>({ name: 'v' });
    const map = b.mapState<string, bigint>({ name: 'm' });
    for (let k = 0; k < 50; k++) {
      b.setCurrentKey(`key${k}`, [k]);
      value.update({ k, big: BigInt(k) << 70n });
      map.put('x', BigInt(k));
    }
    const snapshot = b.snapshot();
    expect(snapshot.binary?.parts).toHaveLength(1);
    const expected: Record<string, Record<string, unknown>> = { v: { kind: 'value' }, m: { kind: 'map' } };
    for (let k = 0; k < 50; k++) {
      const group = String(keyGroupOf(`key${k}`, 128));
      ((expected.v![group] ??= []) as unknown[]).push([`key${k}`, encodeValue({ k, big: BigInt(k) << 70n })]);
      ((expected.m![group] ??= []) as unknown[]).push([`key${k}`, encodeValue(new Map([['x', BigInt(k)]]))]);
    }
    expect(JSON.parse(JSON.stringify(snapshot.states))).toEqual(expected);
    // JSON of the snapshot drops the binary form; both restore to the same state
    const viaJson = new HeapKeyedStateBackend();
    viaJson.restore(JSON.parse(JSON.stringify(snapshot)));
    const viaBinary = new HeapKeyedStateBackend();
    viaBinary.restore(snapshot);
    expect(viaBinary.snapshot().states).toEqual(viaJson.snapshot().states);
  });

  it('defers immutable values past the capture and encodes them in slices that read as one part', () => {
    const part = new StatePartWriter();
    part.beginState('acc', 'value');
    const acc = { n: 1 };
    part.entryOrDefer('obj', acc);
    part.removed('gone');
    part.beginState('text', 'value');
    for (let i = 0; i < 4_500; i++) part.entryOrDefer(`k${i}`, i % 2 === 0 ? `v${i}` : BigInt(i));
    part.entryOrDefer('nothing', null);
    const { changes, deferredChanges } = partFields(part);
    expect(deferredChanges?.entries).toBe(4_501);
    acc.n = 2; // an object was encoded at the capture: mutating it now changes nothing
    const slices = [...deferredChanges!.slices(2_000)];
    expect(slices.filter((c) => c === undefined)).toHaveLength(2); // 4 501 entries: 3 slices
    const sliced = slices.filter((c) => c !== undefined);
    expect(Buffer.concat(sliced)).toEqual(Buffer.concat(deferredChanges!.encodeNow()));
    const merged = mergeParts([...changes!, ...sliced]);
    expect(merged.get('acc')?.entries).toEqual(
      new Map<string, unknown>([
        ['obj', { n: 1 }],
        ['gone', ABSENT],
      ]),
    );
    const text = merged.get('text')!.entries;
    expect(text.size).toBe(4_501);
    expect(text.get('k0')).toBe('v0');
    expect(text.get('k4499')).toBe(4499n);
    expect(text.get('nothing')).toBeNull();
  });

  it('gives every restore of one snapshot its own values', () => {
    const b = new HeapKeyedStateBackend();
    b.setCurrentKey('k', ['k']);
    b.valueState<unknown>({ name: 'v' }).update({ list: [1], bytes: new Uint8Array([1]) });
    const snapshot = b.snapshot();
    const [x, y] = [new HeapKeyedStateBackend(), new HeapKeyedStateBackend()];
    x.restore(snapshot);
    y.restore(snapshot);
    const read = (r: HeapKeyedStateBackend) => {
      r.setCurrentKey('k', ['k']);
      return r.valueState<{ list: number[]; bytes: Uint8Array }>({ name: 'v' }).value()!;
    };
    read(x).list.push(2);
    read(x).bytes[0] = 9;
    expect(read(y)).toEqual({ list: [1], bytes: new Uint8Array([1]) });
  });

  it('reads back its files and tells them from JSON', () => {
    const part = new StatePartWriter();
    part.beginState('s', 'list');
    part.entry('a', ['x']);
    const pieces = binaryStateFile({ backend: 'hashmap' }, part.finish());
    const file = Buffer.concat(pieces);
    expect(isBinaryStateFile(file)).toBe(true);
    expect(isBinaryStateFile(Buffer.from('{"s":[]}'))).toBe(false);
    const { header, part: read } = readBinaryStateFile(file, 'f');
    expect(header).toEqual({ backend: 'hashmap' });
    const seen: unknown[] = [];
    forEachEntry(read, (state, key, value) => seen.push([state, key, value]));
    expect(seen).toEqual([['s', 'a', ['x']]]);
    expect(() => readBinaryStateFile(file.subarray(0, 10), 'cut.bin')).toThrow(/cut.bin is truncated/);
  });

  it('a binary snapshot shows its tagged states to JSON but not its parts', () => {
    const part = new StatePartWriter();
    part.beginState('s', 'value');
    part.entry('k', 1);
    const snapshot = binaryKeyedSnapshot({
      backend: 'hashmap',
      maxParallelism: 128,
      timers: {},
      tagged: {},
      parts: part.finish(),
    });
    expect(Object.keys(JSON.parse(JSON.stringify(snapshot))).sort()).toEqual([
      'backend',
      'maxParallelism',
      'states',
      'timers',
    ]);
  });
});
