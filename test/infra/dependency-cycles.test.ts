// biome-ignore-all lint/suspicious/noTemplateCurlyInString: these are CloudFormation Fn::Sub strings, not JS templates
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadTemplate } from '../../infra/template/template';
import { dependencyCycleProblems } from '../../infra/validate/dependency-cycles';
import { formatProblems } from '../../infra/validate/template-problem';
import { CONTRACT_PATH, PIPELINE_PATH } from '../../paths';
import { props, templateWith } from './support/template-edits';

/** The Api of infra/template.yaml takes in the contract (AWS::Include), intrinsics and all. */
const contract = () => parse(readFileSync(CONTRACT_PATH, 'utf8')) as Record<string, unknown>;
const loadPipeline = () => loadTemplate(PIPELINE_PATH);

describe('dependencies between resources', () => {
  it('form no circle in infra/template.yaml, the contract included', () => {
    expect(formatProblems(dependencyCycleProblems(loadTemplate(), { Api: contract() }))).toBe('');
  });

  it('form no circle in infra/pipeline.yaml', () => {
    expect(formatProblems(dependencyCycleProblems(loadPipeline()))).toBe('');
  });

  it('would be caught in a role that names the project it serves (a ${Project} in its policy)', () => {
    const pipeline = templateWith((t) => {
      const statements = props(t, 'TestProjectRole', 'Policies', 0, 'PolicyDocument').Statement as unknown[];
      statements.push({
        Effect: 'Allow',
        Action: 'codebuild:CreateReportGroup',
        Resource: { 'Fn::Sub': 'arn:aws:codebuild:eu-west-1:123456789012:report-group/${TestProject}-tests' },
      });
    }, loadPipeline);
    expect(formatProblems(dependencyCycleProblems(pipeline))).toMatch(
      /circular dependency: (TestProjectRole → TestProject → TestProjectRole|TestProject → TestProjectRole → TestProject)/,
    );
  });

  it('would be caught through the included contract: a function that waits for the Api that invokes it', () => {
    const template = templateWith((t) =>
      Object.assign(props(t, 'UsersFunction', 'Environment', 'Variables'), { API_ID: { Ref: 'Api' } }),
    );
    expect(formatProblems(dependencyCycleProblems(template, { Api: contract() }))).toMatch(
      /circular dependency: .*Api → UsersFunction → Api|UsersFunction → Api → UsersFunction/,
    );
    expect(formatProblems(dependencyCycleProblems(template))).toBe(''); // without the contract, no circle shows
  });

  it('ignores names that are Fn::Sub variables, parameters or pseudo parameters', () => {
    const template = templateWith((t) =>
      Object.assign(props(t, 'UsersFunction', 'Environment', 'Variables'), {
        LOCAL: { 'Fn::Sub': ['${UsersFunction}-${AWS::Region}-${Stage}', { UsersFunction: 'x' }] },
      }),
    );
    expect(formatProblems(dependencyCycleProblems(template, { Api: contract() }))).toBe('');
  });
});
