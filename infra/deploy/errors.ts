/**
 * Failures the deploy and destroy commands explain to a person: the message says what went wrong
 * and what to do. The command line prints the message alone (no stack trace) and exits 1.
 */
export class DeployError extends Error {
  override name = 'DeployError';
}

export class UsageError extends DeployError {
  override name = 'UsageError';
}

export class MissingRegionError extends DeployError {
  override name = 'MissingRegionError';
  constructor(options?: ErrorOptions & { profile?: string }) {
    const profile = options?.profile
      ? ` AWS_PROFILE is ${options.profile}: if that profile does not exist, no region (and no credentials) ` +
        'come from it; `aws configure list-profiles` lists the ones that do.'
      : '';
    super(
      'No AWS region is configured. Pass --region eu-west-1, set AWS_REGION, or give your profile a region ' +
        `with \`aws configure\`.${profile}`,
      options,
    );
  }
}

/** The network, DNS, a proxy or a firewall kept the command from reaching AWS at all. */
export class UnreachableAwsError extends DeployError {
  override name = 'UnreachableAwsError';
  constructor(code: string, region: string, options?: ErrorOptions) {
    super(
      `Cannot reach AWS STS in ${region} (${code}). Check the network connection, DNS, and any VPN, proxy ` +
        'or firewall between this machine and *.amazonaws.com, then run the command again.',
      options,
    );
  }
}

export class MissingCredentialsError extends DeployError {
  override name = 'MissingCredentialsError';
  constructor(detail: string, options?: ErrorOptions) {
    super(
      `No usable AWS credentials (${detail}). Set AWS_PROFILE to a profile created with \`aws configure\` ` +
        '(or `aws configure sso` and `aws sso login`), or set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY ' +
        'for the deploying IAM user (infra/README.md lists the permissions it needs).',
      options,
    );
  }
}

/** The roles' permissions boundary (infra/function-boundary-policy.json) is missing or unreadable. */
export class MissingBoundaryError extends DeployError {
  override name = 'MissingBoundaryError';
}

export class StackBusyError extends DeployError {
  override name = 'StackBusyError';
}

/** API Gateway imports the contract only with warnings, which would fail the stack's Api (./import-rehearsal.ts). */
export class ImportRehearsalError extends DeployError {
  override name = 'ImportRehearsalError';
}

export class ChangeSetFailedError extends DeployError {
  override name = 'ChangeSetFailedError';
}

/** A stack operation settled in a failed or rolled-back state. */
export class StackOperationFailedError extends DeployError {
  override name = 'StackOperationFailedError';
  constructor(
    readonly stackName: string,
    readonly status: string,
    readonly failures: { logicalId: string; type: string; reason: string }[],
  ) {
    super(
      `${stackName} ended in ${status}` +
        (failures.length
          ? `: ${failures.map((f) => `${f.logicalId} (${f.type}): ${f.reason}`).join('; ')}`
          : '; see the events above'),
    );
  }
}
