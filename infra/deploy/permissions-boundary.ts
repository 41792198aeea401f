import { GetPolicyCommand, type IAMClient } from '@aws-sdk/client-iam';
import type { AwsContext } from './aws-context';
import { MissingBoundaryError } from './errors';

/**
 * The permissions boundary of every role the stack creates: infra/function-boundary-policy.json,
 * created once per account by an administrator. infra/deployer-policy.json lets the deployer
 * create and change roles only when they carry it, so a deploy cannot make itself a role with more
 * rights than a function needs (and so neither can a commit the release pipeline deploys).
 */
export const BOUNDARY_POLICY_NAME = 'swiftyplanner-function-boundary';
export const BOUNDARY_POLICY_FILE = 'infra/function-boundary-policy.json';

export function boundaryPolicyArn(context: AwsContext): string {
  return `arn:${context.partition}:iam::${context.accountId}:policy/${BOUNDARY_POLICY_NAME}`;
}

/**
 * Checked before anything is built or uploaded: without the policy, CloudFormation would fail
 * the roles and roll back, and a first deploy left in ROLLBACK_COMPLETE must be destroyed by hand.
 */
export async function assertBoundaryExists(iam: IAMClient, context: AwsContext): Promise<void> {
  const arn = boundaryPolicyArn(context);
  try {
    await iam.send(new GetPolicyCommand({ PolicyArn: arn }));
  } catch (error) {
    const name = (error as { name?: string }).name;
    if (name === 'NoSuchEntityException' || name === 'NoSuchEntity')
      throw new MissingBoundaryError(
        `The permissions boundary ${arn} does not exist. Every role the stack creates carries it ` +
          '(infra/README.md, section 1). An administrator of the account creates it once:\n' +
          `  aws iam create-policy --policy-name ${BOUNDARY_POLICY_NAME} --policy-document file://${BOUNDARY_POLICY_FILE}`,
        { cause: error },
      );
    if (name === 'AccessDenied' || name === 'AccessDeniedException')
      throw new MissingBoundaryError(
        `${context.callerArn} may not read ${arn} (iam:GetPolicy), so the deploy cannot check that the ` +
          "roles' permissions boundary exists. Give it the current infra/deployer-policy.json.",
        { cause: error },
      );
    throw error;
  }
}
