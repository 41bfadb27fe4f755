/**
 * Committed consumer offsets, kept in memory and made durable in `<dataDir>/consumer-offsets.jsonl`
 * (one JSON object per commit, fsynced before the commit is acknowledged; the file is rewritten
 * compactly on start-up).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface CommittedOffset {
  readonly offset: number;
  readonly metadata: string | null;
}

export interface OffsetEntry {
  readonly topic: string;
  readonly partition: number;
  readonly offset: number;
  readonly metadata: string | null;
}

interface Line {
  g: string;
  t: string;
  p: number;
  o: number;
  m: string | null;
}

export class OffsetStore {
  private readonly groups = new Map<string, Map<string, CommittedOffset>>();
  private readonly file: string;
  private fd = -1;

  constructor(dataDir: string) {
    this.file = path.join(dataDir, 'consumer-offsets.jsonl');
  }

  open(): void {
    fs.mkdirSync(path.dirname(this.file), { recursive: true });
    if (fs.existsSync(this.file)) {
      for (const line of fs.readFileSync(this.file, 'utf8').split('\n')) {
        if (line.trim() === '') continue;
        let parsed: Line;
        try {
          parsed = JSON.parse(line) as Line;
        } catch {
          continue; // a torn last line from a crash
        }
        this.put(parsed.g, parsed.t, parsed.p, { offset: parsed.o, metadata: parsed.m });
      }
    }
    // Rewrite compactly so the file does not grow without bound across restarts.
    const tmp = `${this.file}.tmp`;
    fs.writeFileSync(tmp, this.allLines().join(''));
    fs.renameSync(tmp, this.file);
    this.fd = fs.openSync(this.file, 'a');
  }

  private allLines(): string[] {
    const out: string[] = [];
    for (const [g, m] of this.groups) {
      for (const [k, v] of m) {
        const sep = k.lastIndexOf(':');
        const line: Line = { g, t: k.slice(0, sep), p: Number(k.slice(sep + 1)), o: v.offset, m: v.metadata };
        out.push(`${JSON.stringify(line)}\n`);
      }
    }
    return out;
  }

  private put(group: string, topic: string, partition: number, v: CommittedOffset): void {
    let m = this.groups.get(group);
    if (m === undefined) this.groups.set(group, (m = new Map()));
    m.set(`${topic}:${partition}`, v);
  }

  commit(group: string, entries: readonly OffsetEntry[]): void {
    let text = '';
    for (const e of entries) {
      this.put(group, e.topic, e.partition, { offset: e.offset, metadata: e.metadata });
      const line: Line = { g: group, t: e.topic, p: e.partition, o: e.offset, m: e.metadata };
      text += `${JSON.stringify(line)}\n`;
    }
    if (text === '') return;
    fs.writeSync(this.fd, text);
    fs.fsyncSync(this.fd);
  }

  get(group: string, topic: string, partition: number): CommittedOffset | undefined {
    return this.groups.get(group)?.get(`${topic}:${partition}`);
  }

  /** All committed offsets of a group as (topic, partition, offset) entries. */
  all(group: string): OffsetEntry[] {
    const out: OffsetEntry[] = [];
    for (const [k, v] of this.groups.get(group) ?? []) {
      const sep = k.lastIndexOf(':');
      out.push({
        topic: k.slice(0, sep),
        partition: Number(k.slice(sep + 1)),
        offset: v.offset,
        metadata: v.metadata,
      });
    }
    return out;
  }

  groupIds(): string[] {
    return [...this.groups.keys()];
  }

  close(): void {
    if (this.fd >= 0) fs.closeSync(this.fd);
    this.fd = -1;
  }
}
