/**
 * A process that uses a LevelDB state backend and then dies or waits (for leveldb-store.test.ts):
 *
 *   leveldb-child.ts <taskDir> crash   writes and flushes 2 000 keys, then kills itself with SIGKILL
 *   leveldb-child.ts <taskDir> hold    writes and flushes, prints "ready", exits when stdin closes
 */

import { LevelDbKeyedStateBackend } from '../../src/state/leveldb/backend.ts';

const [dir, mode] = process.argv.slice(2);
if (dir === undefined || (mode !== 'crash' && mode !== 'hold')) {
  throw new Error('usage: leveldb-child.ts <taskDir> crash|hold');
}
const backend = new LevelDbKeyedStateBackend({ dir, operator: 'agg', cacheBytes: 64 * 1024 });
const value = backend.valueState<string>({ name: 'v' });
for (let k = 0; k < 2000; k++) {
  backend.setCurrentKey(`old${k}`, [k]);
  value.update(`from the earlier run ${k}`);
}
backend.flush();
if (mode === 'crash') process.kill(process.pid, 'SIGKILL');
process.stdout.write('ready\n');
process.stdin.resume();
process.stdin.on('end', () => {
  backend.dispose();
  process.exit(0);
});
