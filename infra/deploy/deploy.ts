import { ExecuteChangeSetCommand, type Parameter, type Stack } from '@aws-sdk/client-cloudformation';
import { CONTRACT_PATH, TEMPLATE_PATH } from '../../paths';
import type { FunctionArtifact } from '../build/build-functions';
import { sizeReport } from '../build/size-report';
import { loadTemplate } from '../template/template';
import { type AppOrigins, appOriginsFor, knownAppUrl, sameOrigins } from './app-origins';
import { type DeployArgs, stackNameOf } from './args';
import { artifactsBucketName, ensureArtifactsBucket, uploadArtifacts } from './artifacts';
import { type AwsClients, type AwsContext, resolveAwsContext } from './aws-context';
import {
  changeLines,
  createChangeSet,
  dataLossChanges,
  deleteChangeSet,
  waitForChangeSet,
} from './change-set';
import { DeployError, StackBusyError, StackOperationFailedError } from './errors';
import { rehearseImport } from './import-rehearsal';
import type { Output } from './output';
import { assertBoundaryFor } from './permissions-boundary';
import { retainedResourceLines } from './retained-resources';
import { failuresOf, followStackOperation } from './stack-events';
import { stackParameters } from './stack-parameters';
import { describeStack, hasSucceeded, isInProgress, outputLines, outputsOf } from './stack-state';

export interface DeployDependencies extends AwsClients {
  out: Output;
  /** `npm run build` (tests pass prepared artifacts). */
  build: () => Promise<FunctionArtifact[]>;
  sleep?: (ms: number) => Promise<void>;
  pollMs?: number;
  contractPath?: string;
  templatePath?: string;
  now?: () => Date;
}

export interface DeployResult {
  stackName: string;
  outcome: 'created' | 'updated' | 'unchanged';
  outputs: Record<string, string>;
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * `npm run deploy`: build, upload under content-hashed keys, create a change set (CREATE or
 * UPDATE), and unless it is empty execute it and follow the stack's events until it settles; then,
 * on a stage's first deploy, a second change set that lets the web app's new origin in. The app's
 * files are published afterwards (./app-publish.ts), from the outputs this returns.
 */
export async function deploy(args: DeployArgs, deps: DeployDependencies): Promise<DeployResult> {
  const { out, cloudFormation: cfn } = deps;
  const now = deps.now ?? (() => new Date());
  const stackName = stackNameOf(args.stage);

  const context = await resolveAwsContext(deps.sts);
  checkCertificateRegion(args, context);
  out.line(
    `Deploying ${stackName} to ${context.region} (account ${context.accountId}) as ${context.callerArn}`,
  );
  const existing = await describeStack(cfn, stackName);
  const type = changeSetTypeFor(stackName, existing);
  const previous = type === 'UPDATE' ? existing : undefined;
  const origins = appOriginsFor(args, previous, knownAppUrl(args, previous));
  await assertBoundaryFor(deps.iam, context, args.stage);
  // A first deploy that fails on the Api's import rolls back everything: find out before there is a stack.
  if (type === 'CREATE')
    await rehearseImport(deps.apiGateway, rehearsalOf(args, deps, context, existing, origins));

  out.line('Building functions');
  const functions = await deps.build();
  for (const line of sizeReport(functions)) out.line(`  ${line}`);

  const bucket = artifactsBucketName(context);
  await ensureArtifactsBucket(deps.s3, bucket, context, out);
  const uploaded = await uploadArtifacts(
    deps.s3,
    {
      bucket,
      context,
      functions,
      contractPath: deps.contractPath ?? CONTRACT_PATH,
      templatePath: deps.templatePath ?? TEMPLATE_PATH,
    },
    out,
  );

  const changeSetName = `${stackName}-${now().toISOString().replace(/\D/g, '').slice(0, 14)}`;
  const declared = new Set(Object.keys(loadTemplate(deps.templatePath ?? TEMPLATE_PATH).Parameters ?? {}));
  const apply = (pass: ChangeSetPass) =>
    applyChangeSet(args, deps, {
      ...pass,
      stackName,
      templateUrl: uploaded.templateUrl,
      parameters: stackParameters(args, bucket, uploaded, pass.previous, declared, pass.origins),
    });
  const first = await apply({ changeSetName, type, previous, origins });
  let outcome = first.outcome;
  let settled = first.stack;
  // The web app's own origin is known once CloudFront has named its distribution (./app-origins.ts).
  const settledOrigins = appOriginsFor(args, settled, outputsOf(settled).AppUrl);
  if (!sameOrigins(origins, settledOrigins)) {
    out.line(
      `Allowing the web app's origin in CORS and sign-in: ${settledOrigins.allowedOrigins.join(', ')}`,
    );
    const second = await apply({
      changeSetName: `${changeSetName}-2`,
      type: 'UPDATE',
      previous: settled,
      origins: settledOrigins,
    });
    settled = second.stack;
    if (outcome === 'unchanged') outcome = second.outcome;
  }
  const outputs = outputsOf(settled);
  printOutputs(out, outputs);
  return { stackName, outcome, outputs };
}

interface ChangeSetPass {
  changeSetName: string;
  type: 'CREATE' | 'UPDATE';
  /** The stack as it is before this change set (undefined when creating it). */
  previous: Stack | undefined;
  origins: AppOrigins;
}

/**
 * One change set: create it, list its changes, stop before one that would lose users' data, execute
 * it and follow the stack's events until it settles. Returns the settled stack.
 */
async function applyChangeSet(
  args: DeployArgs,
  deps: DeployDependencies,
  pass: ChangeSetPass & { stackName: string; templateUrl: string; parameters: Parameter[] },
): Promise<{ outcome: DeployResult['outcome']; stack: Stack | undefined }> {
  const { out, cloudFormation: cfn } = deps;
  const sleep = deps.sleep ?? realSleep;
  const pollMs = deps.pollMs ?? 3000;
  const now = deps.now ?? (() => new Date());
  const { stackName, changeSetName, type } = pass;
  out.line(`Creating change set ${changeSetName} (${type})`);
  const { changeSetId, stackId } = await createChangeSet(cfn, {
    stackName,
    changeSetName,
    type,
    templateUrl: pass.templateUrl,
    parameters: pass.parameters,
    tags: [
      { Key: 'project', Value: 'swiftyplanner' },
      { Key: 'stage', Value: args.stage },
    ],
  });
  let outcome: Awaited<ReturnType<typeof waitForChangeSet>>;
  try {
    outcome = await waitForChangeSet(cfn, changeSetId, sleep, pollMs);
  } catch (error) {
    await deleteChangeSet(cfn, changeSetId).catch(() => undefined);
    throw error;
  }
  if (outcome.kind === 'empty') {
    await deleteChangeSet(cfn, changeSetId);
    out.line(`No changes: ${stackName} is up to date.`);
    return { outcome: 'unchanged', stack: pass.previous };
  }
  out.line('Changes:');
  for (const line of changeLines(outcome.changes)) out.line(line);
  const dataLoss = dataLossChanges(outcome.changes);
  if (dataLoss.length > 0 && !args.allowReplacement) {
    await deleteChangeSet(cfn, changeSetId);
    throw new DeployError(
      `Stopped before executing: this change set would replace or remove what holds users' data:\n` +
        `${dataLoss.map((line) => `  ${line}`).join('\n')}\n` +
        'A new user pool gives every user a new sub, and their todos become unreachable. If that is what ' +
        'you want, deploy again with --allow-replacement.',
    );
  }

  const clientRequestToken = `deploy-${changeSetName}`;
  const since = now();
  out.line(`Executing ${changeSetName}`);
  await cfn.send(
    new ExecuteChangeSetCommand({
      ChangeSetName: changeSetId,
      StackName: stackId,
      ClientRequestToken: clientRequestToken,
    }),
  );
  const result = await followStackOperation(cfn, { stackId, clientRequestToken, since, out, sleep, pollMs });
  if (!hasSucceeded(result.status)) {
    const failures = failuresOf(result.events);
    out.line(`${stackName} ended in ${result.status}. Failed resources:`);
    for (const f of failures) out.line(`  ${f.logicalId} (${f.type}): ${f.reason}`);
    if (result.status === 'ROLLBACK_COMPLETE') {
      // DeletionPolicy: Retain holds on a rollback too: the new table and user pool stay, and the
      // table's fixed name would make the next first deploy fail.
      const kept = retainedResourceLines(
        result.events,
        'The rollback kept these new, empty resources (DeletionPolicy: Retain); delete them before deploying again:',
      );
      for (const line of kept) out.line(line);
      out.line(
        `The first deploy rolled back. Fix the cause, run \`npm run destroy -- --stage ${args.stage}\`` +
          `${kept.length > 0 ? ', delete what the rollback kept (above)' : ''}, then deploy again.`,
      );
    }
    throw new StackOperationFailedError(stackName, result.status, failures);
  }
  out.line(`${stackName}: ${result.status}`);
  return { outcome: type === 'CREATE' ? 'created' : 'updated', stack: await describeStack(cfn, stackId) };
}

/** `npm run deploy -- --check-import`: the import rehearsal alone, with the stage's parameters. */
export async function checkImport(args: DeployArgs, deps: DeployDependencies): Promise<void> {
  const context = await resolveAwsContext(deps.sts);
  const existing = await describeStack(deps.cloudFormation, stackNameOf(args.stage));
  const origins = appOriginsFor(args, existing, knownAppUrl(args, existing));
  await rehearseImport(deps.apiGateway, rehearsalOf(args, deps, context, existing, origins));
}

/** The parameters the stage's stack has or will have: the options given, else the stack's current values. */
function rehearsalOf(
  args: DeployArgs,
  deps: DeployDependencies,
  context: AwsContext,
  existing: Stack | undefined,
  origins: AppOrigins,
) {
  const parameters = Object.fromEntries(
    (existing?.Parameters ?? []).flatMap((p) =>
      p.ParameterKey && p.ParameterValue !== undefined ? [[p.ParameterKey, p.ParameterValue]] : [],
    ),
  );
  const given: Record<string, string | undefined> = {
    AllowedOrigins: origins.allowedOrigins.join(','),
    DomainName: args.domain,
    CertificateArn: args.certificateArn,
    AlarmEmail: args.alarmEmail,
  };
  for (const [key, value] of Object.entries(given)) if (value !== undefined) parameters[key] = value;
  return {
    stage: args.stage,
    context,
    parameters,
    contractPath: deps.contractPath ?? CONTRACT_PATH,
    templatePath: deps.templatePath ?? TEMPLATE_PATH,
    out: deps.out,
  };
}

/**
 * CREATE for a new stack (or one left in REVIEW_IN_PROGRESS by a change set that was never
 * executed), UPDATE for a settled one; anything else needs a person first.
 */
function changeSetTypeFor(stackName: string, stack: Stack | undefined): 'CREATE' | 'UPDATE' {
  const status = stack?.StackStatus;
  if (!stack || status === 'REVIEW_IN_PROGRESS') return 'CREATE';
  if (isInProgress(status))
    throw new StackBusyError(`${stackName} is busy (${status}); wait for it to settle and deploy again.`);
  if (status === 'ROLLBACK_COMPLETE' || status === 'ROLLBACK_FAILED' || status === 'DELETE_FAILED')
    throw new DeployError(
      `${stackName} is ${status} after a failed first deploy or delete and cannot be updated. ` +
        'Remove it with `npm run destroy` (same --stage), then deploy again.',
    );
  if (status === 'UPDATE_ROLLBACK_FAILED')
    throw new DeployError(
      `${stackName} is UPDATE_ROLLBACK_FAILED. Continue the rollback in the CloudFormation console ` +
        `(Stack actions > Continue update rollback) or \`aws cloudformation continue-update-rollback --stack-name ${stackName}\`, ` +
        'then deploy again.',
    );
  return 'UPDATE';
}

function checkCertificateRegion(args: DeployArgs, context: AwsContext): void {
  const certificateRegion = args.certificateArn?.split(':')[3];
  if (certificateRegion && certificateRegion !== context.region)
    throw new DeployError(
      `The certificate is in ${certificateRegion}, the stack in ${context.region}: a regional API Gateway domain ` +
        `needs its ACM certificate in ${context.region}. Import the certificate there and pass its ARN.`,
    );
}

function printOutputs(out: Output, outputs: Record<string, string>): void {
  if (Object.keys(outputs).length === 0) return;
  out.line('Outputs:');
  for (const line of outputLines(outputs)) out.line(line);
}
