/**
 * The local stack when a dependency dies under it: `kill -KILL` on DynamoDB Local's java process, or
 * on the local S3's process, as a crash or the OOM killer would end them. GET /health answers 503,
 * naming the dependency, from the moment the function sees it gone until it is back; the supervisor
 * starts it again on the same port and data and says so; what was written before is still there; no
 * request waits on the dead process. One that keeps dying stops the stack with a message.
 */
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalStack, startLocalStack } from '../../local/stack/local-stack';
import type { DependencyFailedError } from '../../local/supervision/supervisor';
import { createSwiftyClient, type SwiftyClient } from '../../src/client';
import { holdPort, isRunning, processState, signal, waitFor } from './support/processes';

/** Longer than any answer of a working stack; a request still unanswered then is one that hangs. */
const HANG_MS = 20_000;

interface HealthAnswer {
  status: number | 'hung';
  detail?: string;
  retryAfter?: string | null;
}

let dataDir: string;
let stack: LocalStack;
const messages: string[] = [];

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'swiftyplanner-restart-'));
  stack = await startLocalStack({
    dataDir,
    log: () => {},
    onDependencyMessage: (m) => messages.push(m),
    // Restarts that fail while a test holds the dead dependency's port count too.
    restartLimit: { restarts: 10, withinMs: 5 * 60_000 },
  });
}, 120_000);

afterAll(async () => {
  const pids = [stack?.dynamodbPid, stack?.s3Pid];
  await stack?.stop();
  expect(pids.map(processState)).toEqual(['gone', 'gone']);
  await rm(dataDir, { recursive: true, force: true });
}, 60_000);

async function clientFor(sub: string, target = stack): Promise<SwiftyClient> {
  return createSwiftyClient({ baseUrl: target.url, token: await target.issueToken(sub) });
}

async function health(url = stack.url): Promise<HealthAnswer> {
  try {
    const response = await fetch(`${url}/health`, { signal: AbortSignal.timeout(HANG_MS) });
    const body = (await response.json()) as { detail?: string };
    return { status: response.status, detail: body.detail, retryAfter: response.headers.get('retry-after') };
  } catch (error) {
    if ((error as Error).name === 'TimeoutError') return { status: 'hung' };
    throw error;
  }
}

/**
 * Polls GET /health from the moment of the kill until it answered 200 after `back()`: the statuses in
 * order, each run of equal ones once (`200 503 200`), and the 503s' answers. The first 503 calls
 * `unavailable()`, which lets the dependency come back.
 */
async function healthThrough(
  back: () => boolean,
  unavailable: () => Promise<void>,
): Promise<{ runs: string; answers: HealthAnswer[] }> {
  const runs: (number | 'hung')[] = [];
  const answers: HealthAnswer[] = [];
  await waitFor(
    async () => {
      const answer = await health();
      if (runs.at(-1) !== answer.status) runs.push(answer.status);
      if (answer.status === 503 && answers.push(answer) === 1) await unavailable();
      return answer.status === 200 && back() && runs.includes(503);
    },
    'GET /health to answer 503, then 200 once the dependency is back',
    180_000,
  );
  return { runs: runs.join(' '), answers };
}

const uniqueSub = (name: string) => `${name}-${Math.random().toString(36).slice(2, 10)}`;

describe('the local stack when DynamoDB Local is killed', () => {
  it('answers 503 on /health until java is back on the same port and data, then 200, with the data kept', async () => {
    // Prepare
    const api = await clientFor(uniqueSub('kept'));
    const created = await api.POST('/todos', { body: { title: 'Written before the kill' } });
    const todoId = created.data?.id ?? '';
    const java = stack.dynamodbPid;
    const endpoint = stack.endpoints.dynamodb;
    expect((await health()).status).toBe(200);

    // Act: kill java, and keep its port until /health has said so (GET /health's checks are 5 s
    // apart: on a fast machine java could be back before the next one)
    signal(java, 'SIGKILL');
    const port = await holdPort(Number(new URL(endpoint).port));
    await waitFor(() => !isRunning(java), 'the killed java to be gone', 10_000);
    const during = await api.GET('/todos/{todoId}', {
      params: { path: { todoId } },
      signal: AbortSignal.timeout(HANG_MS),
    });
    const { runs, answers: unavailable } = await healthThrough(
      () => isRunning(stack.dynamodbPid),
      port.release,
    );

    // Assess: 503 from the first check that missed java until one found it back, never 200 in between
    expect(runs).toMatch(/^(200 )?503 200$/);
    expect(unavailable[0]).toEqual({
      status: 503,
      detail:
        "DynamoDB did not answer this function's check: requests that need it fail until it answers " +
        'again. Retry after 5 seconds.',
      retryAfter: '5',
    });
    expect(during.response.status).toBeGreaterThanOrEqual(500);
    expect(during.response.headers.get('content-type')).toBe('application/problem+json');
    // the restart: a new java, on the same endpoint the functions know, with the same database file
    const restarted = stack.dynamodbPid;
    expect(restarted).not.toBe(java);
    expect(processState(restarted)).toMatch(/^[RS]/);
    expect(stack.endpoints.dynamodb).toBe(endpoint);
    const read = await api.GET('/todos/{todoId}', { params: { path: { todoId } } });
    expect(read.response.status).toBe(200);
    expect(read.data?.title).toBe('Written before the kill');
    const written = await api.POST('/todos', { body: { title: 'Written after the restart' } });
    expect(written.response.status).toBe(201);
    expect(messages).toEqual(
      expect.arrayContaining([
        `DynamoDB Local (pid ${java}) was killed by SIGKILL.`,
        `Restarting DynamoDB Local on port ${new URL(endpoint).port} with the data in ${join(dataDir, 'dynamodb')} (restart 1 of 10 within 5 min)...`,
        expect.stringMatching(new RegExp(`^DynamoDB Local is back \\(pid ${restarted}, [\\d.]+ s\\)\\.$`)),
      ]),
    );
  }, 240_000);
});

describe('the local stack when the local S3 is killed', () => {
  it('answers 503 on /health until the S3 is back on the same port and directory, then 200, with the files kept', async () => {
    // Prepare: a todo with an uploaded file
    const api = await clientFor(uniqueSub('files'));
    const todo = await api.POST('/todos', { body: { title: 'With a file' } });
    const todoId = todo.data?.id ?? '';
    const bytes = Buffer.from('uploaded before the kill');
    const created = await api.POST('/todos/{todoId}/attachments', {
      params: { path: { todoId } },
      body: { fileName: 'kept.txt', contentType: 'text/plain', size: bytes.length },
    });
    const attachmentId = created.data?.attachment.id ?? '';
    const put = await fetch(created.data?.upload.url ?? '', {
      method: 'PUT',
      headers: { 'content-type': 'text/plain' },
      body: bytes,
    });
    expect(put.status).toBe(200);
    const s3 = stack.s3Pid;
    const endpoint = stack.endpoints.s3;

    // Act: kill it, and keep its port until /health has said so
    signal(s3, 'SIGKILL');
    const port = await holdPort(Number(new URL(endpoint).port));
    await waitFor(() => !isRunning(s3), 'the killed S3 process to be gone', 10_000);
    const { runs, answers: unavailable } = await healthThrough(() => isRunning(stack.s3Pid), port.release);

    // Assess
    expect(runs).toMatch(/^(200 )?503 200$/);
    expect(unavailable[0]?.detail).toMatch(/^S3 did not answer this function's check/);
    const restarted = stack.s3Pid;
    expect(restarted).not.toBe(s3);
    expect(stack.endpoints.s3).toBe(endpoint);
    const read = await api.GET('/todos/{todoId}/attachments/{attachmentId}', {
      params: { path: { todoId, attachmentId } },
    });
    const download = await fetch(read.data?.download?.url ?? '');
    expect(read.data?.attachment.status).toBe('uploaded');
    expect(Buffer.from(await download.arrayBuffer())).toEqual(bytes);
    expect(messages).toEqual(
      expect.arrayContaining([
        `The local S3 (pid ${s3}) was killed by SIGKILL.`,
        expect.stringMatching(new RegExp(`^The local S3 is back \\(pid ${restarted}, [\\d.]+ s\\)\\.$`)),
      ]),
    );
  }, 240_000);
});

describe('the local stack when a dependency keeps dying', () => {
  it('stops itself once the restarts allowed are spent, and says what died and what to do', async () => {
    // Prepare: a stack of its own that allows one restart
    const directory = await mkdtemp(join(tmpdir(), 'swiftyplanner-give-up-'));
    const failures: DependencyFailedError[] = [];
    const fragile = await startLocalStack({
      dataDir: directory,
      log: () => {},
      onDependencyMessage: () => {},
      onFailure: (error) => failures.push(error),
      restartLimit: { restarts: 1, withinMs: 60_000 },
    });
    const java = fragile.dynamodbPid;
    try {
      // Act: kill the S3 twice
      const first = fragile.s3Pid;
      signal(first, 'SIGKILL');
      const second = await waitFor(() => fragile.s3Pid !== first && fragile.s3Pid, 'the first restart');
      signal(second, 'SIGKILL');
      await waitFor(() => failures.length > 0, 'the give-up');

      // Assess: the message, and nothing left running or locked
      expect(failures[0]?.message).toMatch(
        /^The local S3 keeps dying: 1 restart within 1 min did not keep it up \(the last time it was killed by SIGKILL\)\. The local stack stops instead of answering 503 for good\. Read its last output/,
      );
      expect(failures[0]?.message).toContain('Then start the stack again (npm start).');
      const api = await fetch(`${fragile.url}/health`).then(
        () => 'answered',
        (error: Error) => (error.cause as NodeJS.ErrnoException | undefined)?.code,
      );
      expect(api).toBe('ECONNREFUSED');
      expect(processState(java)).toBe('gone');
      expect(await readdir(directory)).not.toContain('stack.pid');
    } finally {
      await fragile.stop();
      await rm(directory, { recursive: true, force: true });
    }
  }, 240_000);
});
