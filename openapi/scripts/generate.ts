/**
 * Derives everything in generated/ from openapi/openapi.yaml:
 *   - openapi.d.ts: the TypeScript types (openapi-typescript) that handlers and the client compile against;
 *   - public-operations.d.ts: the union of the operations without security, whose handlers get no caller;
 *   - openapi.json: the contract as JSON, so nothing parses YAML at run time;
 *   - validators/<function>.js: Ajv validators compiled ahead of time (standalone code), one module per
 *     Lambda function, holding only that function's operations. A cold start imports plain functions
 *     instead of compiling schemas.
 *
 * `npm run generate` writes them; `npm run generate -- --check` fails when a committed file is stale.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CONTRACT_PATH, GENERATED_DIR } from '../../paths';
import { loadContract } from './contract/load-contract';
import { functionsOf } from './contract/routes';
import { renderPublicOperations, renderTypes } from './render-types';
import { renderValidators } from './render-validators';

const outDir = GENERATED_DIR;

export async function renderAll(contractPath = CONTRACT_PATH): Promise<Map<string, string>> {
  const contract = await loadContract(contractPath);
  const files = new Map<string, string>();
  files.set('openapi.d.ts', await renderTypes(contract));
  files.set('public-operations.d.ts', renderPublicOperations(contract));
  files.set('openapi.json', `${JSON.stringify(contract, null, 2)}\n`);
  for (const fn of functionsOf(contract)) {
    const { js, dts } = renderValidators(contract, fn.logicalId);
    files.set(`validators/${fn.moduleName}.js`, js);
    files.set(`validators/${fn.moduleName}.d.ts`, dts);
  }
  return files;
}

/**
 * Writes the files whose content changed and answers their names: an unchanged file keeps its
 * mtime, so a watching build (npm start) rebuilds only what a contract change touched.
 */
export async function writeGenerated(files: Map<string, string>, dir = outDir): Promise<string[]> {
  const written: string[] = [];
  for (const [name, content] of files) {
    const path = join(dir, name);
    if ((await readFile(path, 'utf8').catch(() => undefined)) === content) continue;
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, content);
    written.push(name);
  }
  return written;
}

async function main(): Promise<void> {
  const check = process.argv.includes('--check');
  const files = await renderAll();
  const stale: string[] = [];
  if (check) {
    for (const [name, content] of files) {
      const current = await readFile(join(outDir, name), 'utf8').catch(() => undefined);
      if (current !== content) stale.push(`generated/${name}`);
    }
  } else {
    await writeGenerated(files);
  }
  if (stale.length > 0) {
    console.error(
      `Stale generated files: ${stale.join(', ')}.\nRun \`npm run generate\` and commit the result.`,
    );
    process.exit(1);
  }
  console.log(
    check ? `generated/ is up to date (${files.size} files).` : `Wrote ${files.size} files to generated/.`,
  );
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await main();
}
