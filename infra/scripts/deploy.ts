/**
 * `npm run deploy -- --stage dev [--region ..] [--allowed-origins ..] [--domain .. --certificate-arn ..]`;
 * `--check-import` only rehearses the contract's import for the stage.
 */
import { loadContract } from '../../openapi/scripts/contract/load-contract';
import { CONTRACT_PATH } from '../../paths';
import { buildFunctions } from '../build/build-functions';
import { checkDeployedApi } from '../deploy/api-check';
import { DEPLOY_USAGE, parseDeployArgs } from '../deploy/args';
import { createAwsClients, destroyAwsClients } from '../deploy/aws-context';
import { checkImport, deploy } from '../deploy/deploy';
import { consoleOutput } from '../deploy/output';
import { runCommand } from '../deploy/run-command';

await runCommand(async () => {
  const args = parseDeployArgs(process.argv.slice(2));
  if (!args) return console.log(DEPLOY_USAGE);
  const clients = createAwsClients(args.region);
  let outputs: Record<string, string>;
  try {
    const deps = { ...clients, out: consoleOutput, build: () => buildFunctions() };
    if (args.checkImport) return await checkImport(args, deps);
    ({ outputs } = await deploy(args, deps));
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
