import { build } from 'esbuild';
import { buildOptionsForAnalysis } from '../bundles';
const res: Record<string, Record<string, number>> = {};
for (const e of process.argv.slice(2)) {
  const { metafile } = await build({ ...buildOptionsForAnalysis, entryPoints: [e], outfile: 'x.mjs', write: false, metafile: true });
  const m: Record<string, number> = {};
  for (const o of Object.values(metafile.outputs)) for (const [i, v] of Object.entries(o.inputs)) {
    const mm = [...i.matchAll(/node_modules\/((?:@[^/]+\/)?[^/]+)/g)].pop()?.[1] ?? i.replace(/\/[^/]*$/, '');
    m[mm] = (m[mm] ?? 0) + v.bytesInOutput;
  }
  res[e] = m;
}
const keys = new Set(Object.values(res).flatMap((m) => Object.keys(m)));
const rows = [...keys].map((k) => [k, ...Object.values(res).map((m) => ((m[k] ?? 0) / 1024).toFixed(1))]).sort((a, b) => Number(b[1]) - Number(a[1]));
for (const r of rows) console.log(r.map((c, i) => (i ? c.padStart(8) : c.padEnd(45))).join(''));
