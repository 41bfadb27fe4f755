/**
 * Prints the functions with the most self time in a V8 .cpuprofile (from `node --cpu-prof`):
 *
 *   ONLY=TUMBLE RUNS=1 node --cpu-prof --cpu-prof-dir=/tmp/prof --import tsx bench/core.ts
 *   npx tsx bench/cpuprofile-top.ts /tmp/prof/<file>.cpuprofile [count]
 *
 * Time spent in functions V8 inlined is counted in the function they were inlined into.
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
}
interface Profile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

const [file, countText] = process.argv.slice(2);
if (file === undefined) throw new Error('Usage: tsx bench/cpuprofile-top.ts <file.cpuprofile> [count]');
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const selfTime = new Map<string, number>();
let total = 0;
profile.samples.forEach((id, i) => {
  const dt = profile.timeDeltas[i] ?? 0;
  total += dt;
  const frame = byId.get(id)?.callFrame;
  const name =
    frame === undefined
      ? '?'
      : `${frame.functionName || '(anonymous)'} ${frame.url.split('/').slice(-2).join('/')}`;
  selfTime.set(name, (selfTime.get(name) ?? 0) + dt);
});
const top = [...selfTime].sort((a, b) => b[1] - a[1]).slice(0, Number(countText ?? 30));
for (const [name, t] of top) console.log(`${((100 * t) / total).toFixed(1).padStart(5)}%  ${name}`);
