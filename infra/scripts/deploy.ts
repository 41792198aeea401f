/** `npm run deploy -- --stage dev [--region ..] [--allowed-origins ..] [--domain .. --certificate-arn ..]` */
import { buildFunctions } from '../build/build-functions';
import { DEPLOY_USAGE, parseDeployArgs } from '../deploy/args';
import { createAwsClients, destroyAwsClients } from '../deploy/aws-context';
import { deploy } from '../deploy/deploy';
import { consoleOutput } from '../deploy/output';
import { runCommand } from '../deploy/run-command';

await runCommand(async () => {
  const args = parseDeployArgs(process.argv.slice(2));
  if (!args) return console.log(DEPLOY_USAGE);
  const clients = createAwsClients(args.region);
  try {
    await deploy(args, { ...clients, out: consoleOutput, build: () => buildFunctions() });
  } finally {
    destroyAwsClients(clients);
  }
});
