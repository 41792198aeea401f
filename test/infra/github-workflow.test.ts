// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${{ }} is a GitHub Actions expression, not a JS template
/**
 * .github/workflows/ci.yml against the sources it must agree with: the pipeline that releases
 * (infra/pipeline.yaml), package.json's engines and scripts, the Lambda runtime, .ci/run and the
 * contract check's own options. What the workflow merely says is not repeated here.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadTemplate } from '../../infra/template/template';
import { PIPELINE_PATH } from '../../paths';
import { lambdaNodeMajor } from './support/lambda-runtime';
import { buildSpecOf } from './support/pipeline-buildspec';

const read = (path: string) => readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8');
const text = read('.github/workflows/ci.yml');
const workflow = parse(text) as {
  on: { pull_request?: unknown; push?: { branches: string[] } };
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
const packageJson = JSON.parse(read('package.json')) as {
  engines: { node: string };
  scripts: Record<string, string>;
};

describe('the GitHub Actions workflow', () => {
  it('checks every push to the branch the pipeline releases', () => {
    const released = loadTemplate(PIPELINE_PATH).Parameters?.BranchName?.Default;
    expect(workflow.on.push?.branches).toEqual([released]);
  });

  it('runs what the pipeline runs before it releases, and nothing else', () => {
    // The build phase; the pipeline's install phase gets a browser, which GitHub's Ubuntu image has.
    expect(steps.filter((s) => s.run).map((s) => s.run)).toEqual(
      buildSpecOf('TestProject').phases.build?.commands,
    );
    // After setting up Node and a JDK, which .ci/run needs.
    const setUp = ['actions/setup-node', 'actions/setup-java'].map((action) =>
      steps.indexOf(step(action) ?? {}),
    );
    expect(Math.min(...setUp)).toBeGreaterThanOrEqual(0);
    expect(steps.findIndex((s) => s.run)).toBeGreaterThan(Math.max(...setUp));
  });

  it("tests on the oldest Node.js package.json allows and on Lambda's", () => {
    expect(job.strategy.matrix.node).toEqual([
      Number(/\d+/.exec(packageJson.engines.node)?.[0]),
      lambdaNodeMajor(),
    ]);
    expect(step('actions/setup-node')?.with?.['node-version']).toBe('${{ matrix.node }}');
  });

  it('sets up a JDK (javac, for the launcher that binds DynamoDB Local to 127.0.0.1) no older than the one .ci/run installs', () => {
    const installed = Number(/openjdk-(\d+)-jdk/.exec(read('.ci/run'))?.[1]);
    expect(installed).toBeGreaterThan(0);
    expect(step('actions/setup-java')?.with).toMatchObject({ 'java-package': 'jdk' });
    expect(Number(step('actions/setup-java')?.with?.['java-version'])).toBeGreaterThanOrEqual(installed);
  });

  it('runs the contract check with an npm script and an option that exist, where github.base_ref does', () => {
    const contract = workflow.jobs.contract as (typeof workflow.jobs)[string];
    const command = contract.steps.at(-1)?.run ?? '';
    const [, script = '', option = ''] = /^npm run ([\w:-]+) -- (--[\w-]+) /.exec(command) ?? [];
    const scriptFile = /^tsx (\S+)$/.exec(packageJson.scripts[script] ?? '')?.[1] ?? '';

    expect(read(scriptFile)).toContain(`${option.slice(2)}: { type: 'string' }`); // a parseArgs option
    // github.base_ref is set on pull_request events only; the workflow has them.
    expect(command).toContain('${{ github.base_ref }}');
    expect(contract.if).toBe("github.event_name == 'pull_request'");
    expect(workflow.on).toHaveProperty('pull_request');
    // The base branch is read from git history (openapi/scripts/base-contract.ts), which a shallow
    // checkout does not have.
    const checkout = contract.steps.find((s) => s.uses?.startsWith('actions/checkout@'));
    expect(checkout?.with?.['fetch-depth']).toBe(0);
  });

  it('runs code from forks with nothing to misuse: read permissions only, no secrets', () => {
    expect(Object.values(workflow.permissions)).toEqual(['read']);
    expect(text).not.toMatch(/secrets\./);
  });
});
