import { UsageError } from './args.ts';
import { checkUsage, runCheck } from './commands/check.ts';
import { brokerUsage, registryUsage, runBroker, runRegistry } from './commands/components.ts';
import { runRun, runUsage } from './commands/run.ts';
import { runShell, shellUsage } from './commands/shell.ts';
import { runStart, startUsage } from './commands/start.ts';

const usage = `Usage: tributary <command> [options]

Commands:
  start      run Tributary on its embedded defaults (broker and Schema Registry)
  check      parse and validate SQL scripts without running them
  run        run a SQL script in this process, without a server: run -f script.sql
  shell      the interactive SQL shell (a gateway, or --embedded)
  broker     run only the embedded Kafka-protocol broker
  registry   run only the embedded Schema Registry
  help       show this text, or a command's usage: tributary help <command>
`;

interface Command {
  readonly run: (argv: readonly string[]) => Promise<number>;
  readonly usage: string;
}

const commands: Record<string, Command> = {
  start: { run: runStart, usage: startUsage },
  check: { run: runCheck, usage: checkUsage },
  run: { run: runRun, usage: runUsage },
  shell: { run: runShell, usage: shellUsage },
  broker: { run: runBroker, usage: brokerUsage },
  registry: { run: runRegistry, usage: registryUsage },
};

async function main(argv: readonly string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    const topic = rest[0] === undefined ? undefined : commands[rest[0]];
    process.stdout.write(topic?.usage ?? usage);
    return 0;
  }
  const command = commands[name];
  if (command === undefined) {
    process.stderr.write(`tributary: unknown command '${name}'\n\n${usage}`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    process.stdout.write(command.usage);
    return 0;
  }
  try {
    return await command.run(rest);
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`tributary ${name}: ${err.message}\n\n${command.usage}`);
      return 2;
    }
    process.stderr.write(`tributary ${name}: ${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  }
}

process.exitCode = await main(process.argv.slice(2));
