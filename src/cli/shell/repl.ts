/**
 * The SQL shell: reads statements (multi-line, complete at a top-level `;`, as splitStatements sees
 * it) with node:readline line editing, persistent history and tab completion; runs local commands
 * (SET, RESET, USE, HELP, CLEAR, QUIT/EXIT) and sends everything else to the backend; shows query
 * results in the configured result mode. While a statement runs, readline is closed and the shell
 * reads raw keys itself (Ctrl-C cancels, the table view pages).
 */
import { appendFileSync, readFileSync } from 'node:fs';
import { createInterface, emitKeypressEvents } from 'node:readline';
import { ClientError } from '../../client/types.ts';
import { type StatementText, splitStatements } from '../../sql/index.ts';
import type { ShellBackend, ShellResult } from './backend.ts';
import { Completer } from './completion.ts';
import { formatRowValues, renderClientError, renderStaticTable, TableauPrinter } from './format.ts';
import { showTableView, type Terminal } from './table-view.ts';

export const RESULT_MODE = 'sql-client.execution.result-mode';
export const MAX_COLUMN_WIDTH = 'table.display.max-column-width';

export const HELP = `Commands (end statements with ';'):
  SET;                          show the session properties
  SET 'key' = 'value';          set a session property (sql-client.* keys stay in the shell)
  RESET; / RESET 'key';         reset all / one session property
  USE CATALOG c; / USE db;      change the current catalog / database
  HELP; CLEAR; QUIT; EXIT;      this text, clear the screen, leave (or Ctrl-D)
Result modes: SET '${RESULT_MODE}' = 'table' | 'changelog' | 'tableau';
Keys: Ctrl-C cancels a running query (at the prompt: clears the line); Tab completes;
      in the table view: SPACE/↓ next page, ↑ previous page, C changelog, Q quit.
`;

export interface ShellOptions {
  readonly backend: ShellBackend;
  readonly embedded: boolean;
  readonly properties: Map<string, string>;
  readonly historyFile: string;
}

const write = (text: string): void => void process.stdout.write(text);
const unquote = (s: string): string => s.replace(/''/g, "'");

/** Whether `text` ends with a complete statement: text added after it starts a new statement. */
export function isComplete(text: string): boolean {
  return splitStatements(`${text}\nx`).length > splitStatements(text).length;
}

export class Shell {
  private readonly completer: Completer;
  private namespace = { catalog: 'default_catalog', database: 'default_database' };
  private history: string[] = [];
  private interactive = false;

  constructor(private readonly options: ShellOptions) {
    this.completer = new Completer(options.backend);
  }

  private get props(): Map<string, string> {
    return this.options.properties;
  }

  /** The session time zone (TIMESTAMP_LTZ values are shown in it, as Flink does); UTC by default. */
  private zone(): string {
    return this.props.get('table.local-time-zone') ?? this.props.get('sql.local-time-zone') ?? 'UTC';
  }

  private maxWidth(): number {
    const n = Number(this.props.get(MAX_COLUMN_WIDTH) ?? 30);
    return Number.isInteger(n) && n > 0 ? n : 30;
  }

  /** Runs a script (init file, -f, piped input): tableau output; stops at the first failure. */
  async runScript(source: string): Promise<boolean> {
    for (const stmt of splitStatements(source)) {
      const ok = await this.runStatement(stmt, source);
      if (ok === 'quit') return true;
      if (!ok) return false;
    }
    return true;
  }

  /** Runs one statement; false when it failed. */
  private async runStatement(stmt: StatementText, source: string): Promise<boolean | 'quit'> {
    const text = stmt.text;
    const local = await this.localCommand(text);
    if (local !== undefined) return local;
    try {
      const result = await this.options.backend.execute(text);
      this.completer.invalidate();
      await this.show(result);
      if (/^USE\b/i.test(text)) this.namespace = await this.options.backend.namespace();
      return true;
    } catch (e) {
      const error = e instanceof ClientError ? e : new ClientError({ code: 'INTERNAL', message: String(e) });
      write(`${renderClientError(error, source, stmt.span.start.line - 1, stmt.span.start.column - 1)}\n`);
      return false;
    }
  }

  private async localCommand(text: string): Promise<boolean | 'quit' | undefined> {
    if (/^(QUIT|EXIT)$/i.test(text)) return 'quit';
    if (/^HELP$/i.test(text)) {
      write(HELP);
      return true;
    }
    if (/^CLEAR$/i.test(text)) {
      write('\x1b[2J\x1b[H');
      return true;
    }
    if (/^SET$/i.test(text)) {
      for (const [k, v] of [...this.props].sort()) write(`'${k}' = '${v}'\n`);
      return true;
    }
    const set = /^SET\s+'((?:[^']|'')*)'\s*=\s*'((?:[^']|'')*)'$/i.exec(text);
    if (set !== null) {
      const key = unquote(set[1]!);
      if (!key.startsWith('sql-client.') && !(await this.sendQuietly(text))) return false;
      this.props.set(key, unquote(set[2]!));
      write('[INFO] Session property has been set.\n');
      return true;
    }
    const reset = /^RESET(?:\s+'((?:[^']|'')*)')?$/i.exec(text);
    if (reset !== null) {
      const key = reset[1] === undefined ? undefined : unquote(reset[1]);
      if ((key === undefined || !key.startsWith('sql-client.')) && !(await this.sendQuietly(text)))
        return false;
      if (key === undefined) this.props.clear();
      else this.props.delete(key);
      write(
        `[INFO] ${key === undefined ? 'All session properties have' : 'Session property has'} been reset.\n`,
      );
      return true;
    }
    return undefined;
  }

  private async sendQuietly(text: string): Promise<boolean> {
    try {
      const result = await this.options.backend.execute(text);
      while ((await result.nextBatch()) !== undefined);
      return true;
    } catch (e) {
      write(`${e instanceof ClientError ? renderClientError(e, text) : String(e)}\n`);
      return false;
    }
  }

  /** Raw keys while a statement runs (interactive only); returns the unsubscribe function. */
  private onKey(listener: (name: string, ctrl: boolean) => void): () => void {
    if (!this.interactive) {
      const onSigint = (): void => listener('c', true);
      process.on('SIGINT', onSigint);
      return () => void process.off('SIGINT', onSigint);
    }
    const handler = (
      _s: string | undefined,
      key: { name?: string; ctrl?: boolean; sequence?: string } | undefined,
    ): void => listener(key?.name ?? key?.sequence ?? '', key?.ctrl === true);
    process.stdin.setRawMode(true);
    process.stdin.on('keypress', handler);
    process.stdin.resume();
    return () => {
      process.stdin.off('keypress', handler);
      process.stdin.setRawMode(false);
      process.stdin.pause();
    };
  }

  private async show(result: ShellResult): Promise<void> {
    const kind = result.traits.sqlKind;
    if (kind !== 'SELECT') {
      if (['INSERT_INTO', 'STATEMENT_SET', 'CREATE_TABLE_AS'].includes(kind)) return this.runUpdate(result);
      const rows: string[][] = [];
      for (let b = await result.nextBatch(); b !== undefined; b = await result.nextBatch())
        for (const c of b) rows.push(formatRowValues(c.row, result.columns, this.zone()));
      if (rows.length === 1 && rows[0]![0] === 'OK' && result.columns.length === 1)
        write('[INFO] Execute statement succeeded.\n');
      else write(renderStaticTable(result.columns, rows, Math.max(this.maxWidth(), 200)));
      return;
    }
    const mode = this.interactive ? (this.props.get(RESULT_MODE) ?? 'table').toLowerCase() : 'tableau';
    if (mode === 'table' || mode === 'changelog') {
      const term: Terminal = {
        columns: process.stdout.columns ?? 120,
        rows: process.stdout.rows ?? 40,
        write,
        onKey: (l) => this.onKey(l),
      };
      await showTableView(result, term, this.maxWidth(), mode === 'changelog', this.zone());
      return;
    }
    await this.tableau(result);
  }

  private async runUpdate(result: ShellResult): Promise<void> {
    if (!this.options.embedded) {
      write(`[INFO] Submitted the SQL update statement; it runs on the server as a statement resource.\n`);
      return;
    }
    let cancelled = false;
    const off = this.onKey((name, ctrl) => {
      if (ctrl && name === 'c' && !cancelled) {
        cancelled = true;
        void result.cancel();
      }
    });
    try {
      while ((await result.nextBatch()) !== undefined);
    } finally {
      off();
    }
    write(cancelled ? '[INFO] Job cancelled.\n' : '[INFO] Complete execution of the SQL update statement.\n');
  }

  private async tableau(result: ShellResult): Promise<void> {
    const printer = new TableauPrinter(result.columns, this.maxWidth(), write);
    let cancelled = false;
    const off = this.onKey((name, ctrl) => {
      if (ctrl && name === 'c' && !cancelled) {
        cancelled = true;
        void result.cancel();
      }
    });
    printer.header();
    try {
      for (let b = await result.nextBatch(); b !== undefined && !cancelled; b = await result.nextBatch())
        for (const c of b) printer.row(c.op, formatRowValues(c.row, result.columns, this.zone()));
    } finally {
      off();
    }
    printer.footer();
    if (cancelled) {
      await result.cancel();
      write('[INFO] Query cancelled.\n');
    }
  }

  // ---- interactive loop ---------------------------------------------------------------------

  private loadHistory(): void {
    try {
      this.history = readFileSync(this.options.historyFile, 'utf8')
        .split('\n')
        .filter((l) => l !== '')
        .reverse();
    } catch {
      this.history = [];
    }
  }

  private remember(statement: string): void {
    const entry = statement.replace(/\s*\n\s*/g, ' ').trim();
    if (entry === '' || this.history[0] === entry) return;
    this.history.unshift(entry);
    try {
      appendFileSync(this.options.historyFile, `${entry}\n`);
    } catch {
      // history is a convenience: an unwritable file must not stop the shell
    }
  }

  /** Reads lines until a complete statement (or a local command without ';'); null on Ctrl-D. */
  private readStatement(): Promise<string | null> {
    const prompt = `${this.namespace.catalog}.${this.namespace.database}> `;
    const continuation = `${' '.repeat(Math.max(0, prompt.length - 3))}-> `;
    const rl = createInterface({
      input: process.stdin,
      output: process.stdout,
      terminal: true,
      history: [...this.history],
      historySize: 1000,
      removeHistoryDuplicates: true,
      completer: (line: string, cb: (e: Error | null, r?: [string[], string]) => void) => {
        this.completer.complete(line).then(
          (r) => cb(null, r),
          (e: unknown) => cb(e as Error),
        );
      },
    });
    let buffer = '';
    return new Promise((resolve) => {
      let done = false;
      const finish = (value: string | null): void => {
        if (done) return;
        done = true;
        rl.close();
        resolve(value);
      };
      rl.on('line', (line) => {
        buffer = buffer === '' ? line : `${buffer}\n${line}`;
        const trimmed = buffer.trim();
        if (trimmed === '') {
          buffer = '';
          rl.setPrompt(prompt);
        } else if (isComplete(buffer) || /^(QUIT|EXIT|HELP|CLEAR)$/i.test(trimmed)) return finish(buffer);
        else rl.setPrompt(continuation);
        rl.prompt();
      });
      rl.on('SIGINT', () => {
        // the first Ctrl-C clears the line (and a pending multi-line statement)
        if (rl.line === '' && buffer === '') write('\n(Ctrl-D or QUIT; exits the shell)\n');
        else write('^C\n');
        buffer = '';
        rl.write(null, { ctrl: true, name: 'u' });
        rl.setPrompt(prompt);
        rl.prompt();
      });
      rl.on('close', () => finish(null));
      rl.setPrompt(prompt);
      rl.prompt();
    });
  }

  async repl(): Promise<number> {
    this.interactive = true;
    emitKeypressEvents(process.stdin);
    this.loadHistory();
    this.namespace = await this.options.backend.namespace();
    write(
      `Tributary SQL shell (${this.options.embedded ? 'embedded engine' : 'connected'}). Type HELP; for help.\n`,
    );
    for (;;) {
      const input = await this.readStatement();
      if (input === null) {
        write('\nBye.\n');
        return 0;
      }
      this.remember(input);
      const statements =
        /;\s*$/.test(input.trim()) || splitStatements(input).length > 0 ? splitStatements(input) : [];
      for (const stmt of statements) if ((await this.runStatement(stmt, input)) === 'quit') return 0;
    }
  }
}
