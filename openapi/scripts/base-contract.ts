/**
 * The earlier contract that `npm run breaking-changes` compares with: openapi/openapi.yaml as git has
 * it at a ref (by default where this branch left main), or a file (a released copy, say).
 */
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { parse } from 'yaml';

export const CONTRACT_FILE = 'openapi/openapi.yaml';

/** No base to compare with (a ref that is not there, a file that is not YAML): the message says what to do. */
export class BaseContractError extends Error {}

export interface BaseContract {
  /** The parsed document, or undefined when the contract did not exist at that ref yet. */
  document: unknown;
  /** What it was read from, for the report: `main (merge base 1a2b3c4)`, a ref or a file. */
  label: string;
}

/** `repository` is the git work tree whose history holds the contract. */
export async function readBaseContract(
  repository: string,
  options: { base?: string | undefined; baseFile?: string | undefined },
): Promise<BaseContract> {
  if (options.baseFile) {
    const text = await readFile(options.baseFile, 'utf8').catch((error: unknown) => {
      throw new BaseContractError(
        `Cannot read --base-file ${options.baseFile}: ${(error as Error).message}`,
        {
          cause: error,
        },
      );
    });
    return { document: parseContract(text, options.baseFile), label: options.baseFile };
  }
  const { ref, label } = options.base
    ? { ref: options.base, label: options.base }
    : await whereBranchLeftMain(repository);
  const commit = await git(repository, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]).catch(
    () => '',
  );
  if (!commit.trim()) {
    throw new BaseContractError(
      `No git ref "${ref}" to compare the contract with. Fetch it (git fetch origin ${ref.replace(/^origin\//, '')}), ` +
        'or name another with --base <branch|tag|commit> or --base-file <path>.',
    );
  }
  const text = await git(repository, ['show', `${commit.trim()}:${CONTRACT_FILE}`]).catch(() => undefined);
  return { document: text === undefined ? undefined : parseContract(text, `${ref}:${CONTRACT_FILE}`), label };
}

/** The merge base with `main`, or with `origin/main` in a CI checkout that has no local main. */
async function whereBranchLeftMain(repository: string): Promise<{ ref: string; label: string }> {
  for (const branch of ['main', 'origin/main']) {
    const base = (await git(repository, ['merge-base', 'HEAD', branch]).catch(() => '')).trim();
    if (base) return { ref: base, label: `${branch} (merge base ${base.slice(0, 7)})` };
  }
  throw new BaseContractError(
    'Found neither main nor origin/main to compare the contract with (a shallow clone, or not a git clone?). ' +
      'Fetch main, or name a base with --base <branch|tag|commit> or --base-file <path>.',
  );
}

function parseContract(text: string, source: string): unknown {
  try {
    return parse(text);
  } catch (error) {
    throw new BaseContractError(`${source} is not YAML: ${(error as Error).message}`, { cause: error });
  }
}

async function git(repository: string, args: string[]): Promise<string> {
  const { stdout } = await promisify(execFile)('git', args, { cwd: repository, maxBuffer: 16 * 1024 * 1024 });
  return stdout;
}
