// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${{ }} is a GitHub Actions expression, not a JS template
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { lambdaNodeMajor } from './support/lambda-runtime';

/** .github/workflows/ci.yml: the checks a fork on GitHub runs on every pull request. */
const text = readFileSync(new URL('../../.github/workflows/ci.yml', import.meta.url), 'utf8');
const workflow = parse(text) as {
  on: Record<string, unknown>;
  permissions: Record<string, string>;
  jobs: Record<
    string,
    {
      if?: string;
      strategy: { matrix: { node: number[] } };
      steps: { uses?: string; run?: string; with?: Record<string, unknown> }[];
    }
  >;
};
const job = workflow.jobs.test as (typeof workflow.jobs)[string];
const steps = job.steps;
const step = (action: string) => steps.find((s) => s.uses?.startsWith(`${action}@`));
const engines = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')).engines
  .node as string;

describe('the GitHub Actions workflow', () => {
  it('checks every pull request and every push to main', () => {
    expect(workflow.on).toEqual({ pull_request: null, push: { branches: ['main'] } });
  });

  it('runs the CI entry point of this repository, last, after setting up Node and a JDK', () => {
    expect(steps.at(-1)?.run).toBe('bash .ci/run');
    expect(steps.filter((s) => s.run)).toHaveLength(1);
    expect(step('actions/setup-node')?.with?.['node-version']).toBe('${{ matrix.node }}');
    // The oldest Node.js package.json allows, and the one Lambda runs.
    expect(job.strategy.matrix.node).toEqual([Number(/\d+/.exec(engines)?.[0]), lambdaNodeMajor()]);
    // DynamoDB Local needs java, and the launcher that binds it to 127.0.0.1 needs javac.
    expect(step('actions/setup-java')?.with).toMatchObject({ 'java-package': 'jdk' });
    expect(Number(step('actions/setup-java')?.with?.['java-version'])).toBeGreaterThanOrEqual(17);
  });

  it('fails a pull request that breaks clients of the contract on its base branch', () => {
    const contract = workflow.jobs.contract as (typeof workflow.jobs)[string];
    const checkout = contract.steps.find((s) => s.uses?.startsWith('actions/checkout@'));
    const scripts = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')).scripts;

    expect(contract.if).toBe("github.event_name == 'pull_request'");
    // The base branch's history, for the merge base and the contract as it was there.
    expect(checkout?.with?.['fetch-depth']).toBe(0);
    expect(contract.steps.at(-1)?.run).toBe(
      'npm run breaking-changes -- --base "origin/${{ github.base_ref }}"',
    );
    expect(scripts['breaking-changes']).toBe('tsx openapi/scripts/breaking-changes.ts');
  });

  it('reads the repository and nothing else: no write permission, no secrets', () => {
    expect(workflow.permissions).toEqual({ contents: 'read' });
    expect(text).not.toMatch(/secrets\./);
  });
});
