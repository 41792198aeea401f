/**
 * The warm benchmark as a program of its own: bundled by ./warm-process.ts with the build's esbuild
 * settings (minified, as Lambda runs the code, rather than transpiled by tsx, whose per-function
 * name wrappers land on the hot path) and run in a fresh Node process.
 *
 * Input: BENCH_WARM_OPTIONS, `{ requests, runs }` as JSON. Output: progress lines on stderr, then
 * one line `BENCH_WARM <json>` on stdout.
 */
import { measureWarmOverhead } from './warm-overhead';

const { requests, runs } = JSON.parse(process.env.BENCH_WARM_OPTIONS ?? '{}') as {
  requests: number;
  runs: number;
};
const result = await measureWarmOverhead({
  requests,
  runs,
  source: 'the todos handler bundled as `npm run build` bundles it, in a fresh process',
  progress: (line) => process.stderr.write(`${line}\n`),
});
process.stdout.write(`\nBENCH_WARM ${JSON.stringify(result)}\n`, () => process.exit(0));
