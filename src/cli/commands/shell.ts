/**
 * `tributary shell`: the interactive SQL shell (src/cli/shell/), against a gateway over WebSocket or
 * (`--embedded`) against an engine in this process.
 */
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { parseFlags, UsageError } from '../args.ts';
import { EmbeddedBackend, RemoteBackend, type ShellBackend } from '../shell/backend.ts';
import { Shell } from '../shell/repl.ts';

export const HISTORY_ENV = 'TRIBUTARY_SHELL_HISTORY';

export const shellUsage = `Usage: tributary shell [options]

The interactive SQL shell: multi-line statements ending at ';', history (~/.tributary_history, or
env ${HISTORY_ENV}), Tab completion, Ctrl-C cancels a running query, Ctrl-D exits. Type HELP; inside.

Options:
  --url <url>            the gateway (default env TRIBUTARY_URL, else http://127.0.0.1:8080)
  --api-key <id.secret>  the API key (default env TRIBUTARY_API_KEY)
  --embedded             run the engine in this process (no server)
  -f, --file <path>      run a script (tableau output), stop at the first failing statement, exit
  -i, --init <path>      run a script before the interactive session
  -D <key=value>         a session property (repeatable)
`;

function readScript(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    throw new Error(`cannot read '${path}': ${e instanceof Error ? e.message : String(e)}`);
  }
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export async function runShell(argv: readonly string[]): Promise<number> {
  const { values, positionals } = parseFlags(argv, {
    url: { type: 'string' },
    'api-key': { type: 'string' },
    embedded: { type: 'boolean' },
    file: { type: 'string', short: 'f' },
    init: { type: 'string', short: 'i' },
    define: { type: 'string', short: 'D', multiple: true },
  });
  if (positionals.length > 0) throw new UsageError(`unexpected argument '${positionals[0]}'`);
  const properties = new Map<string, string>();
  for (const d of (values.define as string[] | undefined) ?? []) {
    const at = d.indexOf('=');
    if (at <= 0) throw new UsageError(`-D needs key=value, got '${d}'`);
    properties.set(d.slice(0, at).trim(), d.slice(at + 1).trim());
  }
  const engineProperties = Object.fromEntries([...properties].filter(([k]) => !k.startsWith('sql-client.')));
  const backend: ShellBackend =
    values.embedded === true
      ? new EmbeddedBackend(engineProperties)
      : await RemoteBackend.open(
          typeof values.url === 'string'
            ? values.url
            : (process.env.TRIBUTARY_URL ?? 'http://127.0.0.1:8080'),
          typeof values['api-key'] === 'string' ? values['api-key'] : process.env.TRIBUTARY_API_KEY,
          engineProperties,
        );
  const shell = new Shell({
    backend,
    embedded: values.embedded === true,
    properties,
    historyFile: process.env[HISTORY_ENV] ?? join(homedir(), '.tributary_history'),
  });
  try {
    if (typeof values.init === 'string' && !(await shell.runScript(readScript(values.init)))) return 1;
    if (typeof values.file === 'string') return (await shell.runScript(readScript(values.file))) ? 0 : 1;
    if (!process.stdin.isTTY) return (await shell.runScript(await readStdin())) ? 0 : 1;
    return await shell.repl();
  } finally {
    await backend.close();
  }
}
