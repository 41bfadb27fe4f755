/**
 * `npm run bench:client-backpressure [-- --rows N --window W --buffer B]`: a slow client consumes a
 * fast query of N rows (default 1 million) from a gateway running in a child process, and the
 * resident memory of both processes is sampled. With credits working, both stay flat: the server
 * holds at most its result buffer, the client at most one credit window, whatever N is.
 */
import { parseArgs } from 'node:util';
import { measureBackpressure } from '../test/client/backpressure-run.ts';

const { values } = parseArgs({
  options: {
    rows: { type: 'string', default: '1000000' },
    window: { type: 'string', default: '500' },
    buffer: { type: 'string', default: '2000' },
  },
});

const MB = 1024 * 1024;
const mb = (n: number): string => `${(n / MB).toFixed(0)} MB`;
const mb1 = (n: number): string => `${(n / MB).toFixed(1)} MB`;

const r = await measureBackpressure({
  rows: Number(values.rows),
  window: Number(values.window),
  resultBufferRows: Number(values.buffer),
  log: (line) => process.stdout.write(`${line}\n`),
});
process.stdout.write(
  [
    `rows: ${r.rows} in ${r.seconds.toFixed(1)} s (${Math.round(r.rows / r.seconds)} rows/s), consumer pauses included`,
    `CPU: server ${r.cpu.server.toFixed(1)} s, client ${r.cpu.client.toFixed(1)} s`,
    `client: buffered at most ${r.clientMaxBuffered} rows (window ${r.window}); RSS after 10-25% ${mb(r.client.base)}, peak ${mb(r.client.peak)} (growth ${mb(r.client.peak - r.client.base)}); peak heap ${mb(r.client.peakHeap)}`,
    `server: RSS after 10-25% ${mb(r.server.base)}, peak ${mb(r.server.peak)} (growth ${mb(r.server.peak - r.server.base)}); VmHWM ${mb(r.server.hwm)}`,
    `live heap after a full GC at 25% / 95% of the rows: server main thread ${mb1(r.server.liveHeap.at25)} / ${mb1(r.server.liveHeap.at95)}, client ${mb1(r.client.liveHeap.at25)} / ${mb1(r.client.liveHeap.at95)}`,
  ].join('\n') + '\n',
);
