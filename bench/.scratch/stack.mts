import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startStackChild } from '../local-e2e/stack-child';

const dir = await mkdtemp(join(tmpdir(), 'bench-stack-'));
const t = Date.now();
const s = await startStackChild(dir, 'e2e-alice');
console.log('ready in', Date.now() - t, s.url, s.endpoints);
const r = await fetch(`${s.url}/todos`, {
  method: 'POST',
  headers: { authorization: `Bearer ${s.token}`, 'content-type': 'application/json' },
  body: JSON.stringify({ title: 'x' }),
});
console.log(r.status, await r.text());
await s.stop();
await rm(dir, { recursive: true, force: true });
console.log('stopped');
