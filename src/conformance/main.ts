/**
 * `npm run conformance [-- --filter X --floor N --verbose --dir D --timeout MS]`: runs the Flink
 * conformance cases and prints per-file counts and `N passed, M failed, K skipped`; with `--floor N`
 * exits 1 when fewer than N cases pass.
 */
import { DEFAULT_CONFORMANCE_DIR, runConformance, summaryLine } from './runner.ts';

interface Args {
  filter?: string;
  floor?: number;
  verbose: boolean;
  dir: string;
  timeoutMs?: number;
}

function parseArgs(argv: readonly string[]): Args {
  const args: Args = { verbose: false, dir: DEFAULT_CONFORMANCE_DIR };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === '--filter') args.filter = value();
    else if (a === '--floor') args.floor = Number(value());
    else if (a === '--verbose' || a === '-v') args.verbose = true;
    else if (a === '--dir') args.dir = value();
    else if (a === '--timeout') args.timeoutMs = Number(value());
    else
      throw new Error(`Unknown argument '${a}'; use --filter X, --floor N, --verbose, --dir D, --timeout MS`);
  }
  return args;
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  const summary = await runConformance({
    dir: args.dir,
    ...(args.filter === undefined ? {} : { filter: args.filter }),
    ...(args.timeoutMs === undefined ? {} : { timeoutMs: args.timeoutMs }),
    verbose: args.verbose,
    log: (line) => console.log(line),
  });
  console.log(summaryLine(summary));
  if (args.floor !== undefined && summary.passed < args.floor) {
    console.error(`Fewer than ${args.floor} cases passed (${summary.passed})`);
    return 1;
  }
  return 0;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e instanceof Error ? e.message : String(e));
    process.exit(2);
  },
);
