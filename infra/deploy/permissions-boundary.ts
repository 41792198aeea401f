import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { GetPolicyCommand, GetPolicyVersionCommand, type IAMClient } from '@aws-sdk/client-iam';
import { PROJECT_ROOT } from '../../paths';
import type { AwsContext } from './aws-context';
import { MissingBoundaryError } from './errors';

/**
 * The permissions boundary of every role a stage's stack creates: infra/function-boundary-policy.json
 * with `<stage>` filled in, published by an administrator as `swiftyplanner-<stage>-function-boundary`,
 * once per stage. It names that stage's table, bucket and log groups only, so a function of `dev`
 * cannot reach `prod`'s data whatever its role says. infra/deployer-policy.json lets the deployer
 * create and change roles only when they carry a boundary of that name, and not publish one, so a
 * deploy cannot make itself a role with more rights than a function needs (and so neither can a
 * commit the release pipeline deploys).
 *
 * The bucket's name is CloudFormation's `<stack>-bucket-<random>`, hence `swiftyplanner-<stage>-bucket-*`:
 * it also matches the bucket of a stage named `<stage>-bucket-<anything>`, so no stage should be named so.
 * The attachment URL signer's role is named by the template, `swiftyplanner-<stage>-UrlSigner-<region>`:
 * no stage's name has capitals, so `swiftyplanner-<stage>-UrlSigner-*` matches this stage's roles alone.
 */
export const BOUNDARY_POLICY_FILE = 'infra/function-boundary-policy.json';
export const STAGE_PLACEHOLDER = '<stage>';

export function boundaryPolicyName(stage: string): string {
  return `swiftyplanner-${stage}-function-boundary`;
}

export function boundaryPolicyArn(
  context: Pick<AwsContext, 'partition' | 'accountId'>,
  stage: string,
): string {
  return `arn:${context.partition}:iam::${context.accountId}:policy/${boundaryPolicyName(stage)}`;
}

export interface PolicyDocument {
  Version: string;
  Statement: Record<string, unknown>[];
}

/** The stage's boundary: the file, `<stage>` filled in (and the partition, outside `aws`). */
export function boundaryPolicyDocument(stage: string, partition = 'aws'): PolicyDocument {
  const text = readFileSync(join(PROJECT_ROOT, BOUNDARY_POLICY_FILE), 'utf8');
  return JSON.parse(
    text.replaceAll(STAGE_PLACEHOLDER, stage).replaceAll('"arn:aws:', `"arn:${partition}:`),
  ) as PolicyDocument;
}

/** The command that publishes the stage's boundary, for a person with IAM rights (a POSIX shell). */
function publishCommand(stage: string, arn: string, exists: boolean): string {
  const document = `--policy-document "$(npm run --silent deploy -- --stage ${stage} --print-boundary)"`;
  return exists
    ? `  aws iam create-policy-version --policy-arn ${arn} --set-as-default \\\n    ${document}`
    : `  aws iam create-policy --policy-name ${boundaryPolicyName(stage)} \\\n    ${document}`;
}

/**
 * Checked before anything is built or uploaded: the stage's boundary exists and is the one this
 * commit's infra/function-boundary-policy.json gives the stage. Without it CloudFormation would fail
 * the roles and roll back (a first deploy left in ROLLBACK_COMPLETE must be destroyed by hand); with
 * an older one, the roles would be created and the functions meet AccessDenied on what it lacks.
 */
export async function assertBoundaryFor(iam: IAMClient, context: AwsContext, stage: string): Promise<void> {
  const arn = boundaryPolicyArn(context, stage);
  let versionId: string | undefined;
  try {
    versionId = (await iam.send(new GetPolicyCommand({ PolicyArn: arn }))).Policy?.DefaultVersionId;
    if (!versionId) return;
    const { PolicyVersion } = await iam.send(
      new GetPolicyVersionCommand({ PolicyArn: arn, VersionId: versionId }),
    );
    const published = JSON.parse(decodeURIComponent(PolicyVersion?.Document ?? '{}')) as unknown;
    if (isDeepStrictEqual(published, boundaryPolicyDocument(stage, context.partition))) return;
  } catch (error) {
    const name = (error as { name?: string }).name;
    if (name === 'NoSuchEntityException' || name === 'NoSuchEntity')
      throw new MissingBoundaryError(
        `The permissions boundary ${arn} does not exist. Every role of stage ${stage} carries it ` +
          '(infra/README.md, section 1). An administrator of the account publishes it, once per stage:\n' +
          publishCommand(stage, arn, false),
        { cause: error },
      );
    if (name === 'AccessDenied' || name === 'AccessDeniedException')
      throw new MissingBoundaryError(
        `${context.callerArn} may not read ${arn} (iam:GetPolicy, iam:GetPolicyVersion), so the deploy cannot ` +
          "check the roles' permissions boundary. Give it the current infra/deployer-policy.json.",
        { cause: error },
      );
    throw error;
  }
  throw new MissingBoundaryError(
    `The permissions boundary ${arn} (version ${versionId}) is not what ${BOUNDARY_POLICY_FILE} gives stage ` +
      `${stage}: the functions would be refused what it lacks. An administrator of the account publishes ` +
      `this commit's version (IAM keeps 5 versions of a policy: delete the oldest first if it has 5):\n` +
      publishCommand(stage, arn, true),
  );
}
