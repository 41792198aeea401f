/**
 * The web app's own build, `npm run build:web` (web/build/build-web.ts: Vite, and the initial-JS
 * budget), run before anything is deployed so that a broken app or one over budget changes nothing.
 */
import { spawn } from 'node:child_process';
import { PROJECT_ROOT, WEB_DIST_DIR } from '../../paths';
import { DeployError } from './errors';
import type { Output } from './output';

export async function buildWebApp(out: Output): Promise<string> {
  out.line('Building the web app (npm run build:web)');
  const code = await new Promise<number | null>((resolve, reject) => {
    const child = spawn('npm', ['run', '--silent', 'build:web'], { cwd: PROJECT_ROOT, stdio: 'inherit' });
    child.on('error', reject);
    child.on('exit', resolve);
  });
  if (code !== 0)
    throw new DeployError(
      `npm run build:web failed (exit ${code}): nothing was deployed. Its output above says why; fix it and ` +
        'deploy again.',
    );
  return WEB_DIST_DIR;
}
