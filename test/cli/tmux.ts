/**
 * Drives the real shell in a pseudo-terminal: a tmux session runs the command, keys are typed with
 * send-keys and the screen is read back with capture-pane.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '../..');
export const PROMPT = 'default_catalog.default_database>';

const tmux = (...args: string[]): string => execFileSync('tmux', args, { encoding: 'utf8' });

export interface ShellSession {
  readonly name: string;
  /** The history file the shell was given (TRIBUTARY_SHELL_HISTORY). */
  readonly history: string;
  /** A scratch directory removed with the session. */
  readonly dir: string;
}

const sessions: string[] = [];
const dirs: string[] = [];
let counter = 0;

const shellQuote = (s: string): string => `'${s.replace(/'/g, "'\\''")}'`;

/** Starts `tributary shell <args>` in a new 160×50 tmux session. */
export function startShell(
  args: readonly string[],
  dir = mkdtempSync(join(tmpdir(), 'tributary-shell-')),
): ShellSession {
  dirs.push(dir);
  const history = join(dir, 'history');
  const name = `tributary-shell-${process.pid}-${++counter}`;
  sessions.push(name);
  // `sleep` keeps the pane (and what the shell printed last) readable after the shell exits
  const command = `cd ${shellQuote(ROOT)} && TRIBUTARY_SHELL_HISTORY=${shellQuote(history)} node --import tsx src/cli/main.ts shell ${args.map(shellQuote).join(' ')}; echo "[exit $?]"; sleep 60`;
  tmux('new-session', '-d', '-s', name, '-x', '160', '-y', '50', command);
  return { name, history, dir };
}

export const screen = (name: string): string => tmux('capture-pane', '-p', '-t', name);
// tmux reads an argument ending in ';' as a command separator; '\\;' is a literal ';'
export const type = (name: string, text: string): void =>
  void tmux('send-keys', '-t', name, '-l', text.replace(/;$/, '\\;'));
export const key = (name: string, ...keys: string[]): void => void tmux('send-keys', '-t', name, ...keys);
export const line = (name: string, text: string): void => {
  type(name, text);
  key(name, 'Enter');
};

export async function waitForScreen(
  name: string,
  test: (s: string) => boolean,
  what: string,
  ms = 60_000,
): Promise<string> {
  const deadline = Date.now() + ms;
  for (;;) {
    const s = screen(name);
    if (test(s)) return s;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}; screen:\n${s}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

export const count = (s: string, text: string): number => s.split(text).length - 1;

/** Kills the sessions started so far and removes their directories (call from afterEach). */
export function cleanUpShells(): void {
  for (const s of sessions.splice(0)) {
    try {
      tmux('kill-session', '-t', s);
    } catch {
      // already gone
    }
  }
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
}
