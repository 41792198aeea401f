/**
 * `npm run deploy -- --stage dev [--region ..] [--allowed-origins ..] [--domain .. --certificate-arn ..]
 * [--app-domain .. --app-certificate-arn ..]`: builds the web app, deploys the stack, publishes the
 * app, checks the API. `--check-import` only rehearses the contract's import for the stage;
 * `--print-boundary` only prints the stage's permissions boundary policy (stdout: the JSON alone).
 */
import { loadContract } from '../../openapi/scripts/contract/load-contract';
import { CONTRACT_PATH } from '../../paths';
import { buildFunctions } from '../build/build-functions';
import { checkDeployedApi } from '../deploy/api-check';
import { publishStageApp } from '../deploy/app-publish';
import { DEPLOY_USAGE, parseDeployArgs } from '../deploy/args';
import { createAwsClients, destroyAwsClients } from '../deploy/aws-context';
import { checkImport, deploy } from '../deploy/deploy';
import { consoleOutput } from '../deploy/output';
import { boundaryPolicyDocument } from '../deploy/permissions-boundary';
import { runCommand } from '../deploy/run-command';
import { buildWebApp } from '../deploy/web-build';

await runCommand(async () => {
  const args = parseDeployArgs(process.argv.slice(2));
  if (!args) return console.log(DEPLOY_USAGE);
  if (args.printBoundary) return console.log(JSON.stringify(boundaryPolicyDocument(args.stage), null, 2));
  const clients = createAwsClients(args.region);
  let outputs: Record<string, string>;
  try {
    const deps = { ...clients, out: consoleOutput, build: () => buildFunctions() };
    if (args.checkImport) return await checkImport(args, deps);
    const distDir = await buildWebApp(consoleOutput);
    ({ outputs } = await deploy(args, deps));
    await publishStageApp(outputs, { ...clients, out: consoleOutput, distDir });
  } finally {
    destroyAwsClients(clients);
  }
  if (args.skipApiCheck || !outputs.ApiUrl) return;
  await checkDeployedApi({
    apiUrl: outputs.ApiUrl,
    expectedVersion: (await loadContract(CONTRACT_PATH)).info.version,
    customDomain: outputs.ApiDomainTarget !== undefined,
    out: consoleOutput,
  });
});
