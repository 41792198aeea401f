// biome-ignore-all lint/suspicious/noTemplateCurlyInString: these are CloudFormation Fn::Sub strings and shell variables, not JS templates
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseDeployArgs } from '../../infra/deploy/args';
import { type CfnTemplate, loadTemplate } from '../../infra/template/template';
import { iamProblems } from '../../infra/validate/iam-policies';
import { templateReferenceProblems } from '../../infra/validate/references';
import { resourceSchemaProblems } from '../../infra/validate/resource-schema';
import { specDatabase } from '../../infra/validate/spec-database';
import { formatProblems } from '../../infra/validate/template-problem';
import { PIPELINE_PATH } from '../../paths';
import { evaluate, type ParameterValues } from './support/evaluate-template';
import { lambdaNodeMajor } from './support/lambda-runtime';
import { buildSpecOf, commandsOf } from './support/pipeline-buildspec';
import { props, templateWith } from './support/template-edits';

/** infra/pipeline.yaml: CodePipeline + CodeBuild, deployed once by an administrator. */
const loadPipeline = () => loadTemplate(PIPELINE_PATH);
const pipeline = loadPipeline();
const pipelineWith = (change: (t: CfnTemplate) => void) => templateWith(change, loadPipeline);

interface Action {
  Name: string;
  ActionTypeId: { Category: string; Provider: string };
  Configuration?: Record<string, unknown>;
  InputArtifacts?: { Name: string }[];
}
interface Stage {
  Name: string;
  Actions: Action[];
}

function stagesFor(parameters: ParameterValues = {}): Stage[] {
  return evaluate(pipeline, props(pipeline, 'Pipeline').Stages, parameters) as Stage[];
}

/** The environment variables a deploy action gives the deploy project (DEPLOY_ARGS). */
function environmentOf(action: Action): Record<string, string> {
  const variables = JSON.parse(String(action.Configuration?.EnvironmentVariables)) as {
    name: string;
    value: string;
    type: string;
  }[];
  for (const v of variables) expect(v.type).toBe('PLAINTEXT');
  return Object.fromEntries(variables.map((v) => [v.name, v.value]));
}

/**
 * The arguments `sh` passes to `npm run deploy --` for the deploy project's command: the unquoted
 * $DEPLOY_ARGS splits on blanks, and `set -f` keeps a `*` from expanding to file names.
 */
function deployArgv(environment: Record<string, string>): string[] {
  const command = commandsOf(buildSpecOf('DeployProject')).find((c) => c.includes('npm run deploy'));
  expect(command).toBe('set -f; npm run deploy -- $DEPLOY_ARGS');
  return (environment.DEPLOY_ARGS ?? '').split(/\s+/).filter(Boolean);
}

describe('infra/pipeline.yaml, checked offline like infra/template.yaml', () => {
  beforeAll(() => {
    specDatabase(); // ~1 s to load; once for the file
  });

  it('has only known resource types and properties, each of the right type', () => {
    expect(formatProblems(resourceSchemaProblems(pipeline, specDatabase()))).toBe('');
  });

  it('names parameters, resources, attributes and conditions that exist', () => {
    expect(formatProblems(templateReferenceProblems(pipeline, specDatabase()))).toBe('');
  });

  it('allows no wildcard action and no resource outside this stack or the connection it is given', () => {
    expect(formatProblems(iamProblems(pipeline))).toBe('');
  });

  it.each([
    [
      'the created connection used when an existing one is given',
      (t: CfnTemplate) =>
        Object.assign(props(t, 'Pipeline', 'Stages', 0, 'Actions', 0, 'Configuration'), {
          ConnectionArn: { 'Fn::GetAtt': ['Connection', 'ConnectionArn'] },
        }),
      templateReferenceProblems,
      /Connection exists only when CreateConnection is true/,
    ],
    [
      'a connection parameter that takes any ARN pattern',
      (t: CfnTemplate) => Object.assign(t.Parameters?.ConnectionArn ?? {}, { AllowedPattern: '^arn:.*$' }),
      (t: CfnTemplate) => iamProblems(t),
      /PipelineRole\/.*"Fn::If".* is not scoped to a resource of this stack/,
    ],
    [
      'a wildcard in one branch of the connection',
      (t: CfnTemplate) =>
        Object.assign(props(t, 'PipelineRole', 'Policies', 0, 'PolicyDocument', 'Statement', 0), {
          Resource: {
            'Fn::If': ['CreateConnection', { 'Fn::GetAtt': ['Connection', 'ConnectionArn'] }, '*'],
          },
        }),
      (t: CfnTemplate) => iamProblems(t),
      /is not scoped to a resource of this stack/,
    ],
  ])('catches %s', (_name, change, check, message) => {
    expect(formatProblems(check(pipelineWith(change), specDatabase()))).toMatch(message);
  });

  it('uses long-form intrinsics only, so a plain YAML parser reads it', () => {
    const text = readFileSync(PIPELINE_PATH, 'utf8');
    expect(text).not.toMatch(/!(Ref|Sub|GetAtt|If|Equals|Not|Join|Select|Split)\b/);
  });
});

describe('the release pipeline', () => {
  it('runs Source, Test, the first stage, an approval and the second stage, in that order', () => {
    const stages = stagesFor();
    expect(stages.map((s) => s.Name)).toEqual(['Source', 'Test', 'Deploy-dev', 'Approve', 'Deploy-prod']);
    expect(stages.map((s) => s.Actions.map((a) => a.ActionTypeId.Provider))).toEqual([
      ['CodeStarSourceConnection'],
      ['CodeBuild'],
      ['CodeBuild'],
      ['Manual'],
      ['CodeBuild'],
    ]);
    for (const stage of stages.slice(1).filter((s) => s.Name !== 'Approve'))
      expect(stage.Actions[0]?.InputArtifacts).toEqual([{ Name: 'Source' }]);
  });

  it('stops after the first stage when there is no second one, and names the stages after their parameters', () => {
    expect(stagesFor({ SecondStage: '' }).map((s) => s.Name)).toEqual(['Source', 'Test', 'Deploy-dev']);
    expect(stagesFor({ FirstStage: 'staging', SecondStage: 'live' }).map((s) => s.Name)).toEqual([
      'Source',
      'Test',
      'Deploy-staging',
      'Approve',
      'Deploy-live',
    ]);
  });

  it('releases every push to the branch, one run at a time, from the repository it is given', () => {
    const p = evaluate(pipeline, props(pipeline, 'Pipeline'), {
      BranchName: 'release',
      RepositoryId: 'me/app',
    }) as {
      PipelineType: string;
      ExecutionMode: string;
      Triggers: {
        GitConfiguration: { SourceActionName: string; Push: { Branches: { Includes: string[] } }[] };
      }[];
    };
    expect([p.PipelineType, p.ExecutionMode]).toEqual(['V2', 'QUEUED']);
    expect(p.Triggers[0]?.GitConfiguration).toEqual({
      SourceActionName: 'Source',
      Push: [{ Branches: { Includes: ['release'] } }],
    });
    const source = stagesFor({ BranchName: 'release', RepositoryId: 'me/app' })[0]?.Actions[0];
    expect(source?.Configuration).toMatchObject({
      FullRepositoryId: 'me/app',
      BranchName: 'release',
    });
  });

  it('creates a connection only when none is given', () => {
    const given =
      'arn:aws:codeconnections:eu-west-1:123456789012:connection/0f1e2d3c-aaaa-bbbb-cccc-1234567890ab';
    const connectionOf = (parameters: ParameterValues) =>
      stagesFor(parameters)[0]?.Actions[0]?.Configuration?.ConnectionArn;
    expect(connectionOf({})).toEqual({ 'Fn::GetAtt': ['Connection', 'ConnectionArn'] });
    expect(connectionOf({ ConnectionArn: given })).toBe(given);
    expect(new RegExp(String(pipeline.Parameters?.ConnectionArn?.AllowedPattern)).test(given)).toBe(true);
    expect(pipeline.Resources.Connection?.Condition).toBe('CreateConnection');
  });

  it('tests with the CI entry point of this repository, on the Node.js Lambda runs and a JDK', () => {
    const spec = buildSpecOf('TestProject');
    expect(spec.phases.build?.commands).toEqual(['bash .ci/run']);
    const runtimes = spec.phases.install?.['runtime-versions'] ?? {};
    expect(Number(runtimes.nodejs)).toBe(lambdaNodeMajor());
    expect(String(runtimes.java)).toMatch(/^corretto\d+$/); // Corretto is a JDK: javac for the launcher
    expect(buildSpecOf('DeployProject').phases.install?.['runtime-versions']?.nodejs).toBe(lambdaNodeMajor());
  });

  it('gives the browser tests a browser on an image without apt-get: the one CHROMIUM_PATH names is installed first', () => {
    const spec = buildSpecOf('TestProject');
    const browser = spec.env?.variables?.CHROMIUM_PATH;
    // .ci/run installs a missing browser with apt-get only: CodeBuild's Amazon Linux image has none.
    expect(props(pipeline, 'TestProject', 'Environment').Image).toMatch(/amazonlinux/);
    expect(readFileSync(new URL('../../.ci/run', import.meta.url), 'utf8')).toMatch(
      /-z "\$\{CHROMIUM_PATH:-\}"/,
    );
    expect(browser).toBe('/usr/bin/google-chrome-stable');
    expect(spec.phases.install?.commands).toEqual([
      expect.stringMatching(
        /^dnf install -y -q https:\/\/dl\.google\.com\/linux\/direct\/google-chrome-stable_current_x86_64\.rpm$/,
      ),
    ]);
  });

  it("reports every test to the stack's report group, from the JUnit file .ci/run writes", () => {
    expect(buildSpecOf('TestProject').reports).toEqual({
      '${TestReports.Arn}': { files: ['.vitest-junit.xml'], 'file-format': 'JUNITXML' },
    });
    expect(readFileSync(new URL('../../.ci/run', import.meta.url), 'utf8')).toContain(
      '--reporter=junit --outputFile.junit=.vitest-junit.xml',
    );
    expect(pipeline.Resources.TestReports?.Type).toBe('AWS::CodeBuild::ReportGroup');
  });

  it('deploys each stage with npm run deploy, whose own argument parser accepts what the pipeline passes', () => {
    const stages = stagesFor({
      FirstStageDeployOptions: '--allowed-origins https://dev.example.com',
      SecondStageDeployOptions:
        '--allowed-origins https://app.example.com  --domain api.example.com --certificate-arn arn:aws:acm:eu-west-1:123456789012:certificate/0f1e2d3c-aaaa',
    });
    const deploys = stages.filter((s) => s.Name.startsWith('Deploy-')).map((s) => s.Actions[0] as Action);
    const args = deploys.map((action) => {
      expect(action.Configuration?.ProjectName).toEqual({ Ref: 'DeployProject' });
      return parseDeployArgs(deployArgv(environmentOf(action)));
    });
    expect(args[0]).toMatchObject({ stage: 'dev', allowedOrigins: ['https://dev.example.com'] });
    expect(args[1]).toMatchObject({
      stage: 'prod',
      allowedOrigins: ['https://app.example.com'],
      domain: 'api.example.com',
      certificateArn: 'arn:aws:acm:eu-west-1:123456789012:certificate/0f1e2d3c-aaaa',
    });
    // With the deployer's credentials, no dependency's install script runs.
    expect(commandsOf(buildSpecOf('DeployProject'))[0]).toBe('npm ci --ignore-scripts --no-audit --no-fund');
  });

  it('passes a * through to npm run deploy as a *, not as the names of the files in the build', () => {
    const deploy = stagesFor({ FirstStageDeployOptions: '--allowed-origins *' })[2]?.Actions[0] as Action;
    expect(parseDeployArgs(deployArgv(environmentOf(deploy)))).toMatchObject({ allowedOrigins: ['*'] });
  });

  it("keeps each deploy action's configuration within CodePipeline's 1,000 characters", () => {
    const longest = {
      FirstStage: 'x'.repeat(20),
      SecondStage: 'y'.repeat(20),
      FirstStageDeployOptions: 'o'.repeat(Number(pipeline.Parameters?.FirstStageDeployOptions?.MaxLength)),
      SecondStageDeployOptions: 'o'.repeat(Number(pipeline.Parameters?.SecondStageDeployOptions?.MaxLength)),
    };
    const deploys = stagesFor(longest).filter((s) => s.Name.startsWith('Deploy-'));
    expect(deploys).toHaveLength(2);
    for (const stage of deploys)
      for (const value of Object.values(stage.Actions[0]?.Configuration ?? {}))
        expect(typeof value === 'string' ? value.length : 0).toBeLessThanOrEqual(1000);
  });

  it.each(['FirstStage', 'SecondStage'])(
    'accepts as %s exactly the stage names npm run deploy accepts',
    (name) => {
      const pattern = new RegExp(String(pipeline.Parameters?.[name]?.AllowedPattern));
      for (const stage of [
        'dev',
        'prod',
        'qa-2',
        'a',
        'x'.repeat(20),
        'x'.repeat(21),
        'Dev',
        '1dev',
        '-dev',
        'dev_1',
      ]) {
        let accepted = true;
        try {
          parseDeployArgs(['--stage', stage, '--region', 'eu-west-1']);
        } catch {
          accepted = false;
        }
        expect(pattern.test(stage), stage).toBe(accepted);
      }
    },
  );

  it('keeps the deploy options inside the JSON of the action: quotes and backslashes are refused', () => {
    const pattern = new RegExp(String(pipeline.Parameters?.FirstStageDeployOptions?.AllowedPattern));
    for (const options of [
      '',
      '--allowed-origins https://a.example,https://b.example',
      "it's {$fine} ${too}",
    ]) {
      expect(pattern.test(options), options).toBe(true);
      const deploy = stagesFor({ FirstStageDeployOptions: options })[2]?.Actions[0] as Action;
      expect(environmentOf(deploy).DEPLOY_ARGS).toBe(`--stage dev ${options}`);
    }
    for (const options of ['--domain "x"', 'a\\b']) expect(pattern.test(options), options).toBe(false);
    expect(pipeline.Parameters?.SecondStageDeployOptions?.AllowedPattern).toBe(
      pipeline.Parameters?.FirstStageDeployOptions?.AllowedPattern,
    );
  });
});
