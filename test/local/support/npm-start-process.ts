/**
 * `npm start` as a developer runs it, for the tests: local/start.ts in a process of its own, with a
 * temporary DATA_DIR and ports of its own for the API, the local OIDC provider and the web app. On the
 * defaults it would fail whenever a developer's `npm start` runs, and the provider's default, PORT + 1,
 * may be a port another test was just given.
 */
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../../local/stack/free-port';
import { PROJECT_ROOT } from '../../../paths';

export interface NpmStart {
  child: ChildProcessWithoutNullStreams;
  dataDir: string;
  port: number;
  webPort: number;
  /** The API's URL. */
  url: string;
  /** Everything printed so far. */
  readonly stdout: string;
  readonly stderr: string;
  /** The exit code once it has exited (null when a signal ended it); undefined while it runs. */
  readonly exitCode: number | null | undefined;
  /** Stops it if it still runs, and removes its DATA_DIR. */
  stop(): Promise<void>;
}

/** Starts it and resolves once its banner is printed; rejects with its output if it exits first. */
export async function startNpmStart(dataDirPrefix: string): Promise<NpmStart> {
  const dataDir = await mkdtemp(join(tmpdir(), dataDirPrefix));
  const [port, issuerPort, webPort] = [await freePort(), await freePort(), await freePort()];
  const child = spawn(process.execPath, ['--import', 'tsx', join(PROJECT_ROOT, 'local/start.ts')], {
    cwd: PROJECT_ROOT,
    env: {
      ...process.env,
      PORT: String(port),
      ISSUER_PORT: String(issuerPort),
      WEB_PORT: String(webPort),
      DATA_DIR: dataDir,
      WATCH: '0',
    },
  });
  let stdout = '';
  let stderr = '';
  let exitCode: number | null | undefined;
  const exited = new Promise<void>((resolve) =>
    child.once('exit', (code) => {
      exitCode = code;
      resolve();
    }),
  );
  const started = new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk;
      if (stdout.includes('Ctrl-C stops everything')) resolve();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk;
    });
    void exited.then(() => reject(new Error(`npm start exited with ${exitCode}:\n${stdout}${stderr}`)));
  });
  const npmStart: NpmStart = {
    child,
    dataDir,
    port,
    webPort,
    url: `http://127.0.0.1:${port}`,
    get stdout() {
      return stdout;
    },
    get stderr() {
      return stderr;
    },
    get exitCode() {
      return exitCode;
    },
    async stop() {
      if (exitCode === undefined) {
        child.kill('SIGTERM');
        await exited;
      }
      await rm(dataDir, { recursive: true, force: true });
    },
  };
  try {
    await started;
  } catch (error) {
    await npmStart.stop();
    throw error;
  }
  return npmStart;
}
