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
  // A base from before the contract existed has no such path in its tree (every operation is new).
  const listed = await git(repository, ['ls-tree', '--name-only', commit.trim(), '--', CONTRACT_FILE]);
  if (!listed.trim()) return { document: undefined, label };
  const text = await git(repository, ['show', `${commit.trim()}:${CONTRACT_FILE}`]);
  return { document: parseContract(text, `${ref}:${CONTRACT_FILE}`), label };
}

/**
 * The merge base with `origin/main`, the contract clients may already have, or with a local `main`
 * when there is no remote. On main itself that is the last pushed commit, so a change committed there
 * but not pushed is compared too.
 */
async function whereBranchLeftMain(repository: string): Promise<{ ref: string; label: string }> {
  for (const branch of ['origin/main', 'main']) {
    const base = (await git(repository, ['merge-base', 'HEAD', branch]).catch(() => '')).trim();
    if (base) return { ref: base, label: `${branch} (merge base ${base.slice(0, 7)})` };
  }
  const shallow = await git(repository, ['rev-parse', '--is-shallow-repository']).catch(() => '');
  if (shallow.trim() === 'true')
    throw new BaseContractError(
      'This clone is shallow, so git cannot see where the branch left main. Run git fetch --unshallow ' +
        '(in GitHub Actions, check out with fetch-depth: 0), or name a base with --base <branch|tag|commit>.',
    );
  throw new BaseContractError(
    'Found neither main nor origin/main to compare the contract with (is this a git clone?). ' +
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

/** The top of the git work tree that holds `directory`. */
export async function repositoryOf(directory: string): Promise<string> {
  return (await git(directory, ['rev-parse', '--show-toplevel'])).trim();
}

async function git(repository: string, args: string[]): Promise<string> {
  try {
    const { stdout } = await promisify(execFile)('git', args, {
      cwd: repository,
      maxBuffer: 16 * 1024 * 1024,
    });
    return stdout;
  } catch (error) {
    const stderr = String((error as { stderr?: string }).stderr ?? (error as Error).message).trim();
    throw new BaseContractError(`git ${args.join(' ')} failed in ${repository}: ${stderr}`, { cause: error });
  }
}
