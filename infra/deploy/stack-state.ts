import { type CloudFormationClient, DescribeStacksCommand, type Stack } from '@aws-sdk/client-cloudformation';

/** The stack, or undefined when there is none by that name (CloudFormation says so with a ValidationError). */
export async function describeStack(
  cfn: CloudFormationClient,
  stackName: string,
): Promise<Stack | undefined> {
  try {
    const { Stacks } = await cfn.send(new DescribeStacksCommand({ StackName: stackName }));
    return Stacks?.[0];
  } catch (error) {
    if (error instanceof Error && error.name === 'ValidationError' && /does not exist/.test(error.message))
      return undefined;
    throw error;
  }
}

export function isInProgress(status: string | undefined): boolean {
  return status?.endsWith('_IN_PROGRESS') === true;
}

const SUCCEEDED = new Set(['CREATE_COMPLETE', 'UPDATE_COMPLETE', 'DELETE_COMPLETE', 'IMPORT_COMPLETE']);

export function hasSucceeded(status: string | undefined): boolean {
  return status !== undefined && SUCCEEDED.has(status);
}

/** Stack outputs as a name → value record, in the template's order. */
export function outputsOf(stack: Stack | undefined): Record<string, string> {
  const outputs: Record<string, string> = {};
  for (const output of stack?.Outputs ?? [])
    if (output.OutputKey && output.OutputValue !== undefined) outputs[output.OutputKey] = output.OutputValue;
  return outputs;
}

export function outputLines(outputs: Record<string, string>): string[] {
  const width = Math.max(0, ...Object.keys(outputs).map((key) => key.length));
  return Object.entries(outputs).map(([key, value]) => `  ${key.padEnd(width)}  ${value}`);
}
