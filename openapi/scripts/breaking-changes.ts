/**
 * `npm run breaking-changes`: compares openapi/openapi.yaml with an earlier version of it and fails
 * when a change would break clients built from that version, unless `info.version` has a new major.
 *
 *   npm run breaking-changes                        against the contract where this branch left main
 *   npm run breaking-changes -- --base v1.2.0       against a tag, branch or commit
 *   npm run breaking-changes -- --base-file old.yaml
 *
 * It reads the repository it is run in (npm runs scripts at the package root).
 * Exit status: 0 compatible or a new major version, 1 breaking changes, 2 nothing to compare with.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { parse } from 'yaml';
import { BaseContractError, CONTRACT_FILE, readBaseContract } from './base-contract';
import { type ContractChange, type ContractChanges, compareContracts, nextMajor } from './contract-changes';

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
  lines.push('');
  if (total === 0) lines.push('No changes to operations, parameters, bodies or responses.');
  else if (changes.breaking.length === 0) lines.push('No breaking changes.');
  else if (changes.allowed) {
    lines.push(
      `Breaking changes under a new major version (${changes.versionAfter}): allowed. Tell your clients.`,
    );
  } else {
    lines.push(
      `${changes.breaking.length} breaking change(s) under the same major version. Make them compatible ` +
        '(an optional field or parameter, a new operation; deprecate before removing), or set info.version ' +
        `to ${nextMajor(changes.versionBefore)} in ${CONTRACT_FILE} and run npm run generate.`,
    );
  }
  return lines.join('\n');
}

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { base: { type: 'string' }, 'base-file': { type: 'string' } } });
  const repository = process.cwd();
  let base: Awaited<ReturnType<typeof readBaseContract>>;
  try {
    base = await readBaseContract(repository, { base: values.base, baseFile: values['base-file'] });
  } catch (error) {
    if (!(error instanceof BaseContractError)) throw error;
    console.error(error.message);
    return 2;
  }
  if (base.document === undefined) {
    console.log(
      `${CONTRACT_FILE} did not exist at ${base.label}: every operation is new, nothing can break.`,
    );
    return 0;
  }
  const current = parse(await readFile(join(repository, CONTRACT_FILE), 'utf8'));
  const changes = compareContracts(base.document, current);
  console.log(renderReport(changes, base.label));
  return changes.allowed ? 0 : 1;
}

process.exitCode = await main();
