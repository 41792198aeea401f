// Profile the cold start of a bundle (with its .map) and attribute self time to source packages.
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync, mkdtempSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compileProbe } from '../cold-start/probe-process';
import { createTodoEvent, createUserEvent } from '../requests';
const [bundle, kind = 'todos', repeats = '5'] = process.argv.slice(2);
const dir = mkdtempSync(join(tmpdir(), 'prof-'));
const probe = await compileProbe(dir);
const map = new SourceMap(JSON.parse(readFileSync(`${bundle}.map`, 'utf8')));
const totals = new Map<string, number>();
let all = 0;
for (let r = 0; r < Number(repeats); r++) {
  const pdir = join(dir, `p${r}`);
  const ev = kind === 'users' ? createUserEvent(`p-${r}${Date.now()}`, `p${r}${Date.now()}`) : createTodoEvent('p');
  const res = spawnSync(process.execPath, ['--cpu-prof', '--cpu-prof-interval', '50', `--cpu-prof-dir=${pdir}`, probe, bundle!], { env: { ...process.env, BENCH_EVENT: JSON.stringify(ev), DYNAMODB_ENDPOINT: process.env.DYNAMODB_ENDPOINT ?? 'http://127.0.0.1:1', AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'x', AWS_SECRET_ACCESS_KEY: 'x', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', NODE_OPTIONS: '' }, encoding: 'utf8' });
  if (!res.stdout.includes('BENCH_RESULT')) { console.error(res.stderr, res.stdout); }
  const file = readdirSync(pdir)[0]!;
  const prof = JSON.parse(readFileSync(join(pdir, file), 'utf8')) as { nodes: { id: number; callFrame: { url: string; lineNumber: number; columnNumber: number; functionName: string } }[]; samples: number[]; timeDeltas: number[] };
  const byId = new Map(prof.nodes.map((n) => [n.id, n]));
  prof.samples.forEach((id, i) => {
    const n = byId.get(id)!; const dt = prof.timeDeltas[i]! / 1000;
    let key: string;
    if (n.callFrame.url.endsWith('.mjs') && n.callFrame.url.includes(bundle!.split('/').pop()!)) {
      const e = map.findEntry(n.callFrame.lineNumber, n.callFrame.columnNumber) as { originalSource?: string };
      const src = e?.originalSource ?? '?';
      key = [...src.matchAll(/node_modules\/((?:@[^/]+\/)?[^/]+)/g)].pop()?.[1] ?? src.replace(/^.*?(src|generated)\//, '$1/');
    } else key = n.callFrame.url ? (n.callFrame.url.startsWith('node:') ? 'node-internal' : n.callFrame.url.split('/').pop()!) : `(${n.callFrame.functionName || 'native'})`;
    totals.set(key, (totals.get(key) ?? 0) + dt); all += dt;
  });
}
const rows = [...totals].sort((a, b) => b[1] - a[1]).slice(0, 30);
for (const [k, v] of rows) console.log(k.padEnd(50), (v / Number(repeats)).toFixed(1), 'ms');
console.log('total', (all / Number(repeats)).toFixed(1));
