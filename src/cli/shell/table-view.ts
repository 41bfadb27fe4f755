/**
 * The interactive result view (result mode `table`): the current table state, updated in place as
 * changes arrive (rows kept by upsert key, or by whole row for retract streams), redrawn with ANSI
 * escapes on the alternate screen. Keys: space / ↓ / PgDn next page, ↑ / PgUp previous page,
 * `c` toggles the changelog view, `q` (or Ctrl-C) leaves the view and cancels a running query.
 */
import { MaterializedTable } from '../../client/materialize.ts';
import { type Change, type Column, OP_NAMES } from '../../client/types.ts';
import type { Row, ShellResult } from './backend.ts';
import { fitCell, formatRowValues } from './format.ts';

export interface Terminal {
  readonly columns: number;
  readonly rows: number;
  write(text: string): void;
  /** Subscribes to key presses; returns the unsubscribe function. */
  onKey(listener: (name: string, ctrl: boolean) => void): () => void;
}

const CHANGELOG_KEEP = 10_000;
const REDRAW_MS = 100;

export async function showTableView(
  result: ShellResult,
  term: Terminal,
  maxWidth: number,
  startInChangelog = false,
  /** The session time zone TIMESTAMP_LTZ values are shown in. */
  zone = 'UTC',
): Promise<void> {
  const table = new MaterializedTable(result.traits.upsertColumns);
  const changelog: Change<Row>[] = [];
  let changelogMode = startInChangelog;
  let page = -1; // -1 follows the last page of the changelog / stays on page 0 for the table
  let status = 'Running';
  let received = 0;
  let left = false;
  let timer: NodeJS.Timeout | undefined;

  const bodyRows = (): number => Math.max(1, term.rows - 6);
  const draw = (): void => {
    timer = undefined;
    if (left) return;
    const columns: Column[] = changelogMode
      ? [{ name: 'op', type: { type: 'VARCHAR', nullable: false, flinkType: 'STRING' } }, ...result.columns]
      : [...result.columns];
    const all = changelogMode
      ? changelog.map((c) => [OP_NAMES[c.op] ?? '+I', ...formatRowValues(c.row, result.columns, zone)])
      : table.rows().map((r) => formatRowValues(r, result.columns, zone));
    const pages = Math.max(1, Math.ceil(all.length / bodyRows()));
    const shown = page < 0 ? (changelogMode ? pages - 1 : 0) : Math.min(page, pages - 1);
    const visible = all.slice(shown * bodyRows(), (shown + 1) * bodyRows());
    const widths = columns.map((c, i) =>
      Math.min(maxWidth, Math.max(c.name.length, ...visible.map((r) => (r[i] ?? '').length))),
    );
    const line = (cells: readonly string[]): string =>
      cells
        .map((v, i) => fitCell(v, widths[i]!).padStart(widths[i]!))
        .join(' ')
        .slice(0, term.columns);
    const title = changelogMode ? 'SQL Query Result (Changelog)' : 'SQL Query Result (Table)';
    const out = [
      `\x1b[7m${title.padEnd(term.columns).slice(0, term.columns)}\x1b[0m`,
      `Status: ${status}  Rows: ${changelogMode ? changelog.length : table.size}  Changes: ${received}  Page: ${shown + 1} of ${pages}`,
      `\x1b[1m${line(columns.map((c) => c.name))}\x1b[0m`,
      ...visible.map(line),
    ];
    while (out.length < term.rows - 1) out.push('');
    out.push('\x1b[7m Q Quit  SPACE/↓ Next page  ↑ Prev page  C Toggle changelog \x1b[0m');
    term.write(`\x1b[H\x1b[2J${out.join('\r\n')}`);
  };
  const schedule = (): void => {
    timer ??= setTimeout(draw, REDRAW_MS);
  };

  let quit: () => void = () => undefined;
  const quitting = new Promise<void>((r) => {
    quit = r;
  });
  const off = term.onKey((name, ctrl) => {
    if (name === 'q' || (ctrl && name === 'c')) quit();
    else if (name === 'c') {
      changelogMode = !changelogMode;
      page = -1;
    } else if (name === 'space' || name === 'down' || name === 'pagedown') page = Math.max(0, page) + 1;
    else if (name === 'up' || name === 'pageup') page = Math.max(0, page - 1);
    schedule();
  });

  term.write('\x1b[?1049h\x1b[?25l');
  draw();
  const consume = (async () => {
    try {
      for (;;) {
        const batch = await result.nextBatch();
        if (batch === undefined || left) break;
        received += batch.length;
        for (const c of batch) {
          table.apply(c);
          changelog.push(c);
        }
        if (changelog.length > CHANGELOG_KEEP) changelog.splice(0, changelog.length - CHANGELOG_KEEP);
        schedule();
      }
      status = left ? 'Cancelled' : 'Done';
    } catch (e) {
      status = `Failed: ${e instanceof Error ? e.message : String(e)}`;
    }
    schedule();
  })();
  await quitting;
  left = true;
  off();
  if (timer !== undefined) clearTimeout(timer);
  term.write('\x1b[?25h\x1b[?1049l');
  await result.cancel();
  await consume;
}
