/**
 * Topics and their partitions under the data directory. Topic names, partition counts and configs
 * live in `<dataDir>/topics.json` (rewritten atomically); each partition's log lives in
 * `<dataDir>/<topic>-<partition>/`.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ErrorCode, KafkaError } from '../protocol/errors.ts';
import { settingsOf, type TopicSettings, validateConfigs } from './config.ts';
import { Partition } from './partition.ts';

export interface Topic {
  readonly name: string;
  configs: Record<string, string>;
  settings: TopicSettings;
  readonly partitions: Partition[];
}

interface StoredTopic {
  partitions: number;
  configs: Record<string, string>;
}

const TOPIC_NAME = /^[a-zA-Z0-9._-]{1,249}$/;

export class TopicManager {
  readonly topics = new Map<string, Topic>();
  private readonly metaPath: string;
  /** Called after any append, so parked fetches can re-check their partitions. */
  private readonly appendListeners = new Set<() => void>();

  constructor(
    readonly dataDir: string,
    private readonly log: (msg: string) => void,
  ) {
    this.metaPath = path.join(dataDir, 'topics.json');
  }

  open(): void {
    fs.mkdirSync(this.dataDir, { recursive: true });
    if (!fs.existsSync(this.metaPath)) return;
    const stored = JSON.parse(fs.readFileSync(this.metaPath, 'utf8')) as Record<string, StoredTopic>;
    for (const [name, t] of Object.entries(stored)) {
      const topic: Topic = { name, configs: t.configs, settings: settingsOf(t.configs), partitions: [] };
      this.topics.set(name, topic);
      for (let i = 0; i < t.partitions; i++) this.openPartition(topic, i);
    }
  }

  private openPartition(topic: Topic, index: number): void {
    const p = new Partition(
      topic.name,
      index,
      path.join(this.dataDir, `${topic.name}-${index}`),
      () => topic.settings,
    );
    const cut = p.open();
    if (cut > 0) this.log(`recovered ${topic.name}-${index}: truncated a torn tail of ${cut} bytes`);
    topic.partitions.push(p);
  }

  private persist(): void {
    const out: Record<string, StoredTopic> = {};
    for (const t of this.topics.values())
      out[t.name] = { partitions: t.partitions.length, configs: t.configs };
    const tmp = `${this.metaPath}.tmp`;
    const fd = fs.openSync(tmp, 'w');
    fs.writeSync(fd, JSON.stringify(out, null, 1));
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    fs.renameSync(tmp, this.metaPath);
  }

  onAppend(listener: () => void): () => void {
    this.appendListeners.add(listener);
    return () => this.appendListeners.delete(listener);
  }

  notifyAppend(): void {
    for (const l of [...this.appendListeners]) l();
  }

  get(name: string): Topic | undefined {
    return this.topics.get(name);
  }

  partition(topic: string, index: number): Partition | undefined {
    return this.topics.get(topic)?.partitions[index];
  }

  create(name: string, partitions: number, configs: Record<string, string>, validateOnly = false): void {
    if (!TOPIC_NAME.test(name) || name === '.' || name === '..') {
      throw new KafkaError(
        ErrorCode.INVALID_TOPIC_EXCEPTION,
        `invalid topic name '${name}': use 1-249 characters from [a-zA-Z0-9._-]`,
      );
    }
    if (this.topics.has(name))
      throw new KafkaError(ErrorCode.TOPIC_ALREADY_EXISTS, `topic '${name}' already exists`);
    if (!Number.isInteger(partitions) || partitions < 1 || partitions > 10000) {
      throw new KafkaError(
        ErrorCode.INVALID_PARTITIONS,
        `topic '${name}': partition count must be 1..10000, got ${partitions}`,
      );
    }
    validateConfigs(configs);
    if (validateOnly) return;
    const topic: Topic = { name, configs: { ...configs }, settings: settingsOf(configs), partitions: [] };
    this.topics.set(name, topic);
    for (let i = 0; i < partitions; i++) this.openPartition(topic, i);
    this.persist();
  }

  delete(name: string): void {
    const topic = this.topics.get(name);
    if (topic === undefined)
      throw new KafkaError(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, `topic '${name}' does not exist`);
    this.topics.delete(name);
    this.persist();
    for (const p of topic.partitions) p.log.deleteAll();
  }

  addPartitions(name: string, count: number, validateOnly = false): void {
    const topic = this.topics.get(name);
    if (topic === undefined)
      throw new KafkaError(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, `topic '${name}' does not exist`);
    if (count <= topic.partitions.length) {
      throw new KafkaError(
        ErrorCode.INVALID_PARTITIONS,
        `topic '${name}' has ${topic.partitions.length} partitions; the new count must be larger, got ${count}`,
      );
    }
    if (validateOnly) return;
    for (let i = topic.partitions.length; i < count; i++) this.openPartition(topic, i);
    this.persist();
  }

  /** Periodic work: flush.ms, retention, producer-id expiration and (through the callback) compaction. */
  housekeeping(
    now: number,
    compact: (topic: Topic, p: Partition) => void,
    producerIdExpirationMs: number,
  ): void {
    for (const topic of this.topics.values()) {
      for (const p of topic.partitions) {
        p.log.flushIfDue(now);
        p.producers.expire(now, producerIdExpirationMs);
        if (topic.settings.deleteOnRetention) {
          const removed = p.log.enforceRetention(now);
          if (removed > 0) this.log(`retention removed ${removed} segment(s) from ${topic.name}-${p.index}`);
        }
        if (topic.settings.compact) compact(topic, p);
      }
    }
  }

  close(): void {
    for (const t of this.topics.values()) for (const p of t.partitions) p.close();
  }
}
