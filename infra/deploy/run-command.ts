import { DeployError } from './errors';

/**
 * Runs a command's body: explained failures (DeployError) print their message alone, anything
 * unexpected prints its stack; both exit with status 1.
 */
export async function runCommand(body: () => Promise<void>): Promise<void> {
  try {
    await body();
  } catch (error) {
    if (error instanceof DeployError) console.error(`\n${error.message}`);
    else console.error(error);
    process.exitCode = 1;
  }
}
