/** `npm run destroy -- --stage dev [--region ..] [--yes]` */
import { DESTROY_USAGE, parseDestroyArgs } from '../deploy/args';
import { createAwsClients, destroyAwsClients } from '../deploy/aws-context';
import { askOnTerminal } from '../deploy/confirm';
import { destroy } from '../deploy/destroy';
import { consoleOutput } from '../deploy/output';
import { runCommand } from '../deploy/run-command';

await runCommand(async () => {
  const args = parseDestroyArgs(process.argv.slice(2));
  if (!args) return console.log(DESTROY_USAGE);
  const clients = createAwsClients(args.region);
  try {
    await destroy(args, { ...clients, out: consoleOutput, ask: askOnTerminal });
  } finally {
    destroyAwsClients(clients);
  }
});
