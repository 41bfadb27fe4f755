/**
 * A process that the exactly-once tests kill with SIGKILL. For each scenario (its own topic and
 * transactional id prefix) it writes `a0..a<n>`, checkpoints 1 (prepareCheckpoint + snapshotState)
 * and prints `{topic, operator}` (the sink's operator state) as a JSON line, completes the checkpoint
 * only when the scenario says `complete`, then writes `b0..b<n>` into the next transaction and waits
 * until those records reached the broker. Once every scenario is there it prints `sent` and waits to
 * be killed.
 *
 * argv: bootstrap, then scenarios as topic,prefix,count[,complete]
 */
import { exactlyOnceSink, openSink, range, writeValues } from './exactly-once-helpers.ts';

const [bootstrap, ...scenarios] = process.argv.slice(2);
if (bootstrap === undefined || scenarios.length === 0) {
  throw new Error('usage: exactly-once-crash-child.ts <bootstrap> <topic,prefix,count[,complete]>...');
}
await Promise.all(
  scenarios.map(async (scenario) => {
    const [topic, prefix, countText, complete] = scenario.split(',');
    const count = Number(countText);
    const sink = await openSink(exactlyOnceSink(bootstrap, topic!, prefix!));
    writeValues(sink, range('a', 0, count));
    await sink.prepareCheckpoint(1);
    // the sink keeps no keyed state: its operator state is the whole snapshot
    const { operator } = sink.snapshotState(1);
    process.stdout.write(`${JSON.stringify({ topic, operator })}\n`);
    if (complete === 'complete') await sink.notifyCheckpointComplete(1);
    writeValues(sink, range('b', 0, count));
    await sink.flush(); // before the end of input: sends, commits nothing
  }),
);
process.stdout.write('sent\n');
setInterval(() => {}, 60_000);
