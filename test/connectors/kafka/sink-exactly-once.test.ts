/**
 * The exactly-once Kafka sink against the embedded broker over TCP, driven through the operator's
 * checkpoint hooks as the checkpoint coordinator calls them (prepareCheckpoint → snapshotState →
 * notifyCheckpointComplete), with crashes as real SIGKILLed processes. A read_committed consumer
 * must see every record exactly once; a read_uncommitted one also sees the aborted records.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseKafkaOptions } from '../../../src/connectors/kafka/options.ts';
import { KafkaSink } from '../../../src/connectors/kafka/sink.ts';
import { T } from '../../../src/expr/types.ts';
import type { Encoded } from '../../../src/state/tagged-value.ts';
import { createTopic, type KafkaTestEnv, startKafkaTestEnv, uniqueTopic } from '../kafka-env.ts';
import { kafkaTable, physical } from '../kafka-runtime.ts';
import {
  crashedChild,
  exactlyOnceSink,
  openSink,
  range,
  readValues,
  restoreSink,
  sorted,
  writeValues,
} from './exactly-once-helpers.ts';

let env: KafkaTestEnv;
beforeAll(async () => {
  env = await startKafkaTestEnv();
});
afterAll(async () => {
  await env?.close();
});

async function topicWithPartitions(base: string, partitions = 3): Promise<string> {
  const topic = uniqueTopic(base);
  await createTopic(env.kafka, topic, partitions);
  return topic;
}

describe('exactly-once kafka sink: options', () => {
  it('requires a transactional id prefix', () => {
    const table = kafkaTable([physical('v', T.string())], {
      topic: 't',
      'properties.bootstrap.servers': '127.0.0.1:1',
      'value.format': 'raw',
      'sink.delivery-guarantee': 'exactly-once',
    });
    expect(() => parseKafkaOptions(table, table.options)).toThrow(/needs 'sink.transactional-id-prefix'/);
    const ok = { ...table.options, 'sink.transactional-id-prefix': 'orders-sink' };
    expect(parseKafkaOptions(table, ok).transactionalIdPrefix).toBe('orders-sink');
  });

  it('rejects a transaction timeout that is not a number of milliseconds', async () => {
    const topic = await topicWithPartitions('eos_opts', 1);
    const sink = exactlyOnceSink(env.bootstrap, topic, 'opts', {
      'properties.transaction.timeout.ms': '15 min',
    });
    await expect(sink.ready()).rejects.toThrow(
      /'properties.transaction.timeout.ms' must be a positive number/,
    );
  });
  it('fails clearly when no checkpoint comes before half the transaction timeout', async () => {
    const topic = await topicWithPartitions('eos_no_cp', 1);
    const sink = await openSink(
      exactlyOnceSink(env.bootstrap, topic, `nocp-${topic}`, { 'properties.transaction.timeout.ms': '400' }),
    );
    try {
      writeValues(sink, ['r1']);
      await new Promise((r) => setTimeout(r, 300));
      expect(() => writeValues(sink, ['r2'])).toThrow(
        /without a checkpoint.*execution.checkpointing.interval/,
      );
    } finally {
      await sink.shutdown();
    }
  });
});

describe('exactly-once kafka sink: two-phase commit', () => {
  it('makes records visible to read_committed only when their checkpoint completes', async () => {
    const topic = await topicWithPartitions('eos_2pc');
    const prefix = `2pc-${topic}`;
    const sink = await openSink(exactlyOnceSink(env.bootstrap, topic, prefix));
    try {
      writeValues(sink, range('a', 0, 30));
      writeValues(sink, range('a', 30, 60));
      await sink.prepareCheckpoint(1);
      const state = sink.snapshotState(1).operator as {
        nextIndex: number;
        pending: { transactionalId: string }[];
      };
      expect(state.nextIndex).toBe(1);
      expect(state.pending.map((p) => p.transactionalId)).toEqual([`${prefix}-0-0`]);

      expect(await readValues(env.kafka, topic, 'read_committed', 0, 300)).toEqual([]);
      expect(sorted(await readValues(env.kafka, topic, 'read_uncommitted', 60, 200))).toEqual(
        sorted(range('a', 0, 60)),
      );

      // records after the barrier go into the next transaction, with the next id
      writeValues(sink, range('b', 0, 20));
      await sink.notifyCheckpointComplete(1);
      expect(sorted(await readValues(env.kafka, topic, 'read_committed', 60, 300))).toEqual(
        sorted(range('a', 0, 60)),
      );
      await sink.prepareCheckpoint(2);
      const second = sink.snapshotState(2).operator as { pending: { transactionalId: string }[] };
      expect(second.pending.map((p) => p.transactionalId)).toEqual([`${prefix}-0-1`]);
      await sink.notifyCheckpointComplete(2);
      const committed = await readValues(env.kafka, topic, 'read_committed', 80);
      expect(sorted(committed)).toEqual(sorted([...range('a', 0, 60), ...range('b', 0, 20)]));
      expect(sink.transactionStats?.transactionsCommitted).toBe(2);
    } finally {
      await sink.shutdown();
    }
  });

  it('carries the transaction of an aborted checkpoint to the next completed one', async () => {
    const topic = await topicWithPartitions('eos_aborted_cp');
    const sink = await openSink(exactlyOnceSink(env.bootstrap, topic, `abcp-${topic}`));
    try {
      writeValues(sink, range('a', 0, 25));
      await sink.prepareCheckpoint(1);
      sink.snapshotState(1);
      await sink.notifyCheckpointAborted(1);
      writeValues(sink, range('b', 0, 25));
      await sink.prepareCheckpoint(2);
      const state = sink.snapshotState(2).operator as { pending: { checkpointId: number }[] };
      expect(state.pending.map((p) => p.checkpointId)).toEqual([1, 2]);
      await sink.notifyCheckpointComplete(2);
      const committed = await readValues(env.kafka, topic, 'read_committed', 50);
      expect(sorted(committed)).toEqual(sorted([...range('a', 0, 25), ...range('b', 0, 25)]));
    } finally {
      await sink.shutdown();
    }
  });

  it('commits at the end of input and aborts the open transaction when cancelled', async () => {
    const topic = await topicWithPartitions('eos_end');
    const cancelled = await openSink(exactlyOnceSink(env.bootstrap, topic, `cancel-${topic}`));
    writeValues(cancelled, range('x', 0, 10));
    await cancelled.flush(); // sent, not committed: the input has not ended
    await cancelled.shutdown();

    const bounded = await openSink(exactlyOnceSink(env.bootstrap, topic, `end-${topic}`));
    writeValues(bounded, range('a', 0, 40));
    bounded.finish();
    await bounded.flush();
    await bounded.shutdown();

    // the aborted transaction does not hold back the committed one (last stable offset moved on)
    expect(sorted(await readValues(env.kafka, topic, 'read_committed', 40))).toEqual(
      sorted(range('a', 0, 40)),
    );
    expect(sorted(await readValues(env.kafka, topic, 'read_uncommitted', 50, 200))).toEqual(
      sorted([...range('a', 0, 40), ...range('x', 0, 10)]),
    );
  });
});

describe('exactly-once kafka sink: recovery after SIGKILL', () => {
  // one crashed process for three scenarios (each its own topic and prefix)
  const crash = { topic: '', prefix: '' };
  const recommit = { topic: '', prefix: '' };
  const fresh = { topic: '', prefix: '' };
  let states: Map<string, Encoded>;
  beforeAll(async () => {
    for (const [s, base] of [
      [crash, 'eos_crash'],
      [recommit, 'eos_recommit'],
      [fresh, 'eos_fresh'],
    ] as const) {
      s.topic = await topicWithPartitions(base);
      s.prefix = `p-${s.topic}`;
    }
    states = await crashedChild(env.bootstrap, [
      { ...crash, count: 40, complete: false },
      { ...recommit, count: 30, complete: true },
      { ...fresh, count: 20, complete: false },
    ]);
  }, 90_000);

  it('commits the transaction pre-committed for the restored checkpoint and aborts the lingering one', async () => {
    const { topic, prefix } = crash;
    // the crashed process left checkpoint 1's transaction pre-committed and the next one open
    expect(await readValues(env.kafka, topic, 'read_committed', 0, 300)).toEqual([]);

    const sink = await openSink(exactlyOnceSink(env.bootstrap, topic, prefix));
    try {
      restoreSink(sink, 1, states.get(topic)!);
      writeValues(sink, range('c', 0, 40));
      await sink.prepareCheckpoint(2);
      sink.snapshotState(2);
      await sink.notifyCheckpointComplete(2);
      expect(sink.transactionStats).toMatchObject({ recoveredCommitted: 1, idsFenced: 1, lost: [] });
    } finally {
      await sink.shutdown();
    }
    const committed = await readValues(env.kafka, topic, 'read_committed', 80);
    expect(sorted(committed)).toEqual(sorted([...range('a', 0, 40), ...range('c', 0, 40)]));
    const everything = await readValues(env.kafka, topic, 'read_uncommitted', 120, 200);
    expect(sorted(everything)).toEqual(
      sorted([...range('a', 0, 40), ...range('b', 0, 40), ...range('c', 0, 40)]),
    );
  });

  it('recovering a checkpoint whose transaction was already committed writes nothing twice', async () => {
    const { topic, prefix } = recommit;
    expect(sorted(await readValues(env.kafka, topic, 'read_committed', 30, 200))).toEqual(
      sorted(range('a', 0, 30)),
    );
    const sink = await openSink(exactlyOnceSink(env.bootstrap, topic, prefix));
    try {
      restoreSink(sink, 1, states.get(topic)!);
      await sink.prepareCheckpoint(2); // recovery runs before the first checkpoint too
      expect(sink.transactionStats).toMatchObject({ recoveredCommitted: 1, lost: [] });
    } finally {
      await sink.shutdown();
    }
    expect(sorted(await readValues(env.kafka, topic, 'read_committed', 30))).toEqual(
      sorted(range('a', 0, 30)),
    );
  });

  it('a fresh start with a used prefix aborts what a crashed run left open', async () => {
    const { topic, prefix } = fresh;
    const sink = await openSink(exactlyOnceSink(env.bootstrap, topic, prefix));
    try {
      writeValues(sink, range('n', 0, 20));
      await sink.prepareCheckpoint(1);
      sink.snapshotState(1);
      await sink.notifyCheckpointComplete(1);
      expect(sink.transactionStats!.idsFenced).toBe(2);
    } finally {
      await sink.shutdown();
    }
    // without the fencing, the crashed run's open transactions would hold read_committed back
    expect(sorted(await readValues(env.kafka, topic, 'read_committed', 20))).toEqual(
      sorted(range('n', 0, 20)),
    );
  });
});

describe('exactly-once kafka sink: fencing and protocol', () => {
  it('fences a zombie: the old instance can no longer write once a restored one took over', async () => {
    const topic = await topicWithPartitions('eos_zombie');
    const prefix = `zombie-${topic}`;
    const zombie = await openSink(exactlyOnceSink(env.bootstrap, topic, prefix));
    const successor = exactlyOnceSink(env.bootstrap, topic, prefix);
    try {
      writeValues(zombie, range('a', 0, 10));
      await zombie.prepareCheckpoint(1);
      const { operator } = zombie.snapshotState(1);
      writeValues(zombie, range('z', 0, 10));
      await zombie.flush();

      await openSink(successor);
      restoreSink(successor, 1, operator);
      writeValues(successor, range('s', 0, 10));
      await successor.prepareCheckpoint(2);
      successor.snapshotState(2);
      await successor.notifyCheckpointComplete(2);

      // the zombie's open transaction was aborted and its producer epoch is stale
      writeValues(zombie, range('z', 10, 20));
      await expect(zombie.prepareCheckpoint(2)).rejects.toThrow();
    } finally {
      await zombie.shutdown();
      await successor.shutdown();
    }
    expect(sorted(await readValues(env.kafka, topic, 'read_committed', 20))).toEqual(
      sorted([...range('a', 0, 10), ...range('s', 0, 10)]),
    );
  });

  it('rejects a snapshot taken without prepareCheckpoint while a transaction holds records', async () => {
    const topic = await topicWithPartitions('eos_protocol', 1);
    const sink = await openSink(exactlyOnceSink(env.bootstrap, topic, `protocol-${topic}`));
    try {
      writeValues(sink, ['r']);
      expect(() => sink.snapshotState(1)).toThrow(/without prepareCheckpoint\(1\)/);
    } finally {
      await sink.shutdown();
    }
  });

  it('keeps at-least-once sinks checkpoint-ready: prepareCheckpoint waits for acknowledgements', async () => {
    const topic = await topicWithPartitions('alo_cp', 2);
    const table = kafkaTable([physical('v', T.string())], {
      topic,
      'properties.bootstrap.servers': env.bootstrap,
      'value.format': 'raw',
    });
    const sink = await openSink(new KafkaSink(table, parseKafkaOptions(table, table.options)));
    try {
      writeValues(sink, range('a', 0, 50));
      await sink.prepareCheckpoint(1);
      expect(sink.snapshotState(1).operator).toBeNull();
      expect(sorted(await readValues(env.kafka, topic, 'read_committed', 50, 100))).toEqual(
        sorted(range('a', 0, 50)),
      );
    } finally {
      await sink.shutdown();
    }
  });
});
