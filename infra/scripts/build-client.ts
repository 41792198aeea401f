/**
 * `npm run build:client`: the typed client as an npm package in dist/client, and its tarball in dist/,
 * for frontends in other repositories.
 */
import { execFile } from 'node:child_process';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import { DIST_DIR } from '../../paths';
import { buildClientPackage } from '../build/client-package';

try {
  const pkg = await buildClientPackage();
  const dir = relative(process.cwd(), pkg.dir);
  console.log(`${pkg.name}@${pkg.version} (the version is the contract's info.version) in ${dir}:`);
  for (const file of pkg.files) console.log(`  ${file}`);
  const destination = DIST_DIR;
  const { stdout } = await promisify(execFile)('npm', [
    'pack',
    '--json',
    '--pack-destination',
    destination,
    pkg.dir,
  ]);
  const [{ filename }] = JSON.parse(stdout) as [{ filename: string }];
  console.log(`\nIn a frontend: npm install ${join(destination, filename)}`);
  console.log(`Or publish it to your registry: npm publish ./${dir}`);
} catch (error) {
  console.error(
    `Building the client package failed: ${error instanceof Error ? error.message : String(error)}`,
  );
  process.exitCode = 1;
}
