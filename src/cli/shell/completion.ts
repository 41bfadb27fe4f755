/**
 * Tab completion: SQL keywords (grammar/keywords), catalogs, databases, tables of the current
 * database and the columns of tables named on the line, from the server's metadata (cached until the
 * next statement runs, since DDL may change it).
 */
import { NON_RESERVED_WORDS, RESERVED_WORDS } from '../../sql/tokens.ts';
import type { ShellBackend } from './backend.ts';

const KEYWORDS = [...new Set([...RESERVED_WORDS, ...NON_RESERVED_WORDS])].sort();

export class Completer {
  private names: Promise<{ objects: string[]; tables: string[] }> | undefined;
  private readonly columns = new Map<string, Promise<string[]>>();

  constructor(private readonly backend: ShellBackend) {}

  /** Forgets cached metadata (after a statement ran). */
  invalidate(): void {
    this.names = undefined;
    this.columns.clear();
  }

  private load(): Promise<{ objects: string[]; tables: string[] }> {
    this.names ??= (async () => {
      const [catalogs, databases, tables] = await Promise.all([
        this.backend.catalogs(),
        this.backend.databases(),
        this.backend.tables(),
      ]);
      return { objects: [...catalogs, ...databases, ...tables], tables };
    })().catch(() => ({ objects: [], tables: [] }));
    return this.names;
  }

  private columnsOf(table: string): Promise<string[]> {
    let found = this.columns.get(table);
    if (found === undefined) {
      found = this.backend.columns(table).catch(() => []);
      this.columns.set(table, found);
    }
    return found;
  }

  /** readline's completer: candidates for the word before the cursor. */
  async complete(line: string): Promise<[string[], string]> {
    const word = /[\w$]*$/.exec(line)?.[0] ?? '';
    if (word === '') return [[], word];
    const { objects, tables } = await this.load();
    const onLine = tables.filter((t) => new RegExp(`\\b${t}\\b`, 'i').test(line));
    const columns = (await Promise.all(onLine.map((t) => this.columnsOf(t)))).flat();
    const lower = word.toLowerCase();
    const upperCase = word === word.toUpperCase() && /[A-Z]/.test(word);
    const keywords = KEYWORDS.filter((k) => k.toLowerCase().startsWith(lower)).map((k) =>
      upperCase ? k : k.toLowerCase(),
    );
    const names = [...objects, ...columns].filter((n) => n.toLowerCase().startsWith(lower));
    return [[...new Set([...names, ...keywords])], word];
  }
}
