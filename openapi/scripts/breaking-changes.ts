/**
 * `npm run breaking-changes`: compares openapi/openapi.yaml with an earlier version of it and fails
 * when a change would break clients built from that version, unless `info.version` has a new major;
 * compatible changes need a new minor (the client package, npm run build:client, carries the version).
 *
 *   npm run breaking-changes                        against where this branch left origin/main (or main)
 *   npm run breaking-changes -- --base v1.2.0       against a tag, branch or commit
 *   npm run breaking-changes -- --base-file old.yaml
 *
 * It reads the git repository it is run in.
 * Exit status: 0 when info.version is what the changes need, 1 when it is not, 2 with nothing to compare with.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { parse } from 'yaml';
import { BaseContractError, CONTRACT_FILE, readBaseContract, repositoryOf } from './base-contract';
import { type ContractChange, type ContractChanges, compareContracts } from './contract-changes';

function renderReport(changes: ContractChanges, baseLabel: string): string {
  const lines = [
    `${CONTRACT_FILE} (info.version ${changes.versionAfter}) against ${baseLabel} (info.version ${changes.versionBefore})`,
  ];
  const section = (title: string, mark: string, list: ContractChange[]) => {
    if (list.length === 0) return;
    lines.push('', `${title} (${list.length}):`);
    for (const { operation, change } of list) lines.push(`  ${mark} ${operation}: ${change}`);
  };
  section('Breaking for existing clients', '✗', changes.breaking);
  section('Deprecated', '~', changes.deprecated);
  section('Compatible', '+', changes.compatible);
  section('Not classified, check by hand', '?', changes.unclassified);
  const total = [changes.breaking, changes.deprecated, changes.compatible, changes.unclassified].flat()
    .length;
  const { versionBefore, versionAfter, versionNeeded } = changes;
  const setVersion = `set info.version to ${versionNeeded} in ${CONTRACT_FILE} and run npm run generate`;
  lines.push('');
  if (total === 0) lines.push('No changes to operations, parameters, bodies or responses.');
  if (changes.allowed) {
    if (changes.breaking.length > 0)
      lines.push(`Breaking changes under a new major version (${versionAfter}): allowed. Tell your clients.`);
    else if (total > 0) lines.push(`No breaking changes; ${versionAfter} is a new version for them.`);
  } else if (changes.breaking.length > 0) {
    lines.push(
      `${changes.breaking.length} breaking change(s) under major version ${versionAfter}. Make them compatible ` +
        `(an optional field or parameter, a new operation; deprecate before removing), or ${setVersion}.`,
    );
  } else if (versionNeeded !== versionBefore) {
    lines.push(
      `No breaking changes, but the interface changed under version ${versionAfter}: ${setVersion}, ` +
        'so that the client package (npm run build:client) gets a version of its own.',
    );
  } else {
    lines.push(
      `info.version went down from ${versionBefore} to ${versionAfter}: put it back to ${versionBefore} or higher.`,
    );
  }
  return lines.join('\n');
}

/** Where the command writes: process.stdout and process.stderr, or a test's buffers. */
export interface CommandOutput {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
}

/**
 * The command: `argv` is its arguments (`--base <ref>`, `--base-file <path>`), `cwd` a directory in
 * the git work tree to check. Resolves to the exit status.
 */
export async function breakingChanges(argv: string[], cwd: string, output: CommandOutput): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { base: { type: 'string' }, 'base-file': { type: 'string' } },
  });
  let repository: string;
  let base: Awaited<ReturnType<typeof readBaseContract>>;
  try {
    repository = await repositoryOf(cwd);
    base = await readBaseContract(repository, { base: values.base, baseFile: values['base-file'] });
  } catch (error) {
    if (!(error instanceof BaseContractError)) throw error;
    output.stderr.write(`${error.message}\n`);
    return 2;
  }
  if (base.document === undefined) {
    output.stdout.write(
      `${CONTRACT_FILE} did not exist at ${base.label}: every operation is new, nothing can break.\n`,
    );
    return 0;
  }
  const current = parse(await readFile(join(repository, CONTRACT_FILE), 'utf8'));
  const changes = compareContracts(base.document, current);
  output.stdout.write(`${renderReport(changes, base.label)}\n`);
  return changes.allowed ? 0 : 1;
}

// Run as a script (npm run breaking-changes), not when a test imports the command.
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href)
  process.exitCode = await breakingChanges(process.argv.slice(2), process.cwd(), process);
