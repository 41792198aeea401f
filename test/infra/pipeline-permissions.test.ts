import { describe, expect, it } from 'vitest';
import { loadTemplate } from '../../infra/template/template';
import { PIPELINE_PATH } from '../../paths';
import { deployerStatements } from './support/deployer-policies';
import { evaluate } from './support/evaluate-template';
import { iamPatternMatches } from './support/iam-patterns';
import { props } from './support/template-edits';

/** infra/pipeline.yaml's roles, bucket and notifications. */
const pipeline = loadTemplate(PIPELINE_PATH);

describe('permissions of the pipeline', () => {
  /** What the deployer may call IAM actions on. */
  const deployerIamResources = deployerStatements()
    .filter((s) => ([] as string[]).concat(s.Action).some((action) => action.startsWith('iam:')))
    .flatMap((s) => ([] as string[]).concat(s.Resource));
  const roles = Object.entries(pipeline.Resources).filter(([, r]) => r.Type === 'AWS::IAM::Role');

  it("deploys with the managed policies made from the deployer's policy files, and tests with no deploy rights (logs, source, reports)", () => {
    expect(props(pipeline, 'DeployProjectRole').ManagedPolicyArns).toEqual([
      { Ref: 'DeployerPolicyArn' },
      { Ref: 'DeployerAlarmsPolicyArn' },
      { Ref: 'DeployerAppPolicyArn' },
    ]);
    expect(props(pipeline, 'DeployProject').ServiceRole).toEqual({
      'Fn::GetAtt': ['DeployProjectRole', 'Arn'],
    });
    expect(props(pipeline, 'TestProject').ServiceRole).toEqual({ 'Fn::GetAtt': ['TestProjectRole', 'Arn'] });
    expect(props(pipeline, 'TestProjectRole').ManagedPolicyArns).toBeUndefined();
    const testActions = JSON.stringify(props(pipeline, 'TestProjectRole').Policies);
    expect(testActions.match(/"[a-z0-9-]+:[A-Za-z]+"/g)?.sort()).toEqual(
      [
        '"codebuild:BatchPutTestCases"',
        '"codebuild:CreateReport"',
        '"codebuild:UpdateReport"',
        '"logs:CreateLogStream"',
        '"logs:PutLogEvents"',
        '"s3:GetBucketAcl"',
        '"s3:GetBucketLocation"',
        '"s3:GetObject"',
        '"s3:GetObjectVersion"',
      ].sort(),
    );
  });

  it('keeps its roles out of the deployer policy, so a deploy cannot rewrite the pipeline', () => {
    expect(roles.map(([id]) => id).sort()).toEqual(['DeployProjectRole', 'PipelineRole', 'TestProjectRole']);
    // The worst case: a pipeline stack named like the stacks it deploys.
    const arnOf = (path: string, id: string) =>
      `arn:aws:iam::123456789012:role${path}swiftyplanner-pipeline-${id}-1A2B3C4D5E6F`;
    const reachable = (arn: string) =>
      deployerIamResources.some((pattern) => iamPatternMatches(pattern, arn));
    expect(reachable(arnOf('/', 'DeployProjectRole'))).toBe(true); // what the Path prevents
    for (const [id, role] of roles) {
      expect(role.Properties?.Path, id).toBe('/pipeline/');
      expect(reachable(arnOf('/pipeline/', id)), id).toBe(false);
    }
  });

  it('emails approvals and failures only when an address is given', () => {
    const notifying = ['NotificationTopic', 'NotificationTopicPolicy', 'PipelineNotifications'];
    for (const id of notifying) expect(pipeline.Resources[id]?.Condition, id).toBe('HasNotificationEmail');
    expect(props(pipeline, 'PipelineNotifications').EventTypeIds).toEqual([
      'codepipeline-pipeline-manual-approval-needed',
      'codepipeline-pipeline-pipeline-execution-failed',
    ]);
    expect(evaluate(pipeline, pipeline.Conditions?.HasNotificationEmail)).toBe(false);
    expect(
      evaluate(pipeline, pipeline.Conditions?.HasNotificationEmail, { NotificationEmail: 'me@example.com' }),
    ).toBe(true);
  });
});
