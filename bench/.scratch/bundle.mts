import { bundleFixture } from '../bundles';
import { gzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
const [entry, name] = process.argv.slice(2);
const out = await bundleFixture(entry!, '/tmp/variants', name!);
const code = readFileSync(out);
console.log(out, (code.length / 1024).toFixed(1), 'KB', (gzipSync(code).length / 1024).toFixed(1), 'KB gz');
