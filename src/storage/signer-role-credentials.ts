import type { STSClient, STSClientConfig } from '@aws-sdk/client-sts';
import { guardDependencyCalls } from '../aws/dependency-calls';
import { StorageUnavailable } from './errors';

/**
 * The credentials that sign attachment URLs on AWS: sessions of the stack's signer role
 * (AttachmentSignerRole), assumed through STS.
 *
 * S3 stops taking a presigned URL when the session that signed it ends, whatever its X-Amz-Expires
 * says. On Lambda the function's own credentials come in environment variables with no expiry the SDK
 * can read, so ./url-lifetime.ts has nothing to bound a URL by, and a URL signed late in that session
 * dies early without anyone knowing. An AssumeRole session carries its Expiration, and this provider
 * starts a new one whenever the current one has less left than a URL needs, so a URL gets its whole
 * lifetime:
 *
 *   assumed                                      assumed + 1 h (role chaining's cap)
 *   |---------------------------------------------|    one session
 *   |-- signs URLs ------------------|--- 16 min --|    less than the longest URL + 1 min left: assume again
 *
 * Its `memoized` flag tells the S3 client to use it as it is: the client would otherwise wrap it in
 * the SDK's cache, which asks again only when less than 5 minutes are left, and a URL signed then
 * would be cut. STS is loaded and called at the first URL, not at init: a cold start that signs
 * nothing pays nothing.
 */
export interface SignerRoleOptions {
  roleArn: string;
  /** Seconds a session must have left to sign with: the longest URL's lifetime and a margin. */
  minimumSecondsLeft: number;
  /** STS client settings over the defaults (tests give a request handler that answers as STS does). */
  sts?: STSClientConfig;
}

export interface SigningCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  expiration: Date;
}

/**
 * The session asked for. Assuming a role with a role session's credentials (the function's) is role
 * chaining, which caps a session at one hour: STS refuses a longer DurationSeconds.
 */
export const SIGNER_SESSION_SECONDS = 3600;

/** Shows up in CloudTrail as the session's name: assumed-role/<signer role>/attachment-urls. */
const SESSION_NAME = 'attachment-urls';

/** STS did not give the signer role's credentials: no attachment URL can be signed. */
export class SignerRoleError extends Error {
  override name = 'SignerRoleError';
}

export function signerRoleCredentials(options: SignerRoleOptions) {
  let session: SigningCredentials | undefined;
  let assuming: Promise<SigningCredentials> | undefined;
  let renewSessionAt = 0;
  let sts: STSClient | undefined;

  const assume = async (): Promise<SigningCredentials> => {
    const { STSClient, AssumeRoleCommand } = await import('@aws-sdk/client-sts');
    // STS throttled, slow or failing is S3 signing unavailable: a 503, within the request's time budget.
    sts ??= guardDependencyCalls(
      new STSClient({
        // As the S3 and DynamoDB clients: fail in seconds, not at the gateway's 29 s.
        requestHandler: { connectionTimeout: 2_000, requestTimeout: 5_000, throwOnRequestTimeout: true },
        ...options.sts,
      }),
      (cause) => new StorageUnavailable({ cause }),
    );
    const command = new AssumeRoleCommand({
      RoleArn: options.roleArn,
      RoleSessionName: SESSION_NAME,
      DurationSeconds: SIGNER_SESSION_SECONDS,
    });
    const answer = await sts.send(command).catch((error: unknown) => {
      if (error instanceof StorageUnavailable) throw error;
      throw new SignerRoleError(
        `Could not assume the attachment signer role ${options.roleArn}: ${String((error as Error).message).replace(/\.?$/, '.')} ` +
          "Its trust policy must name the todos function's role, and that role's policies and its " +
          'permissions boundary (infra/function-boundary-policy.json) must allow sts:AssumeRole on it ' +
          '(infra/template.yaml, AttachmentSignerRole; infra/README.md, Troubleshooting).',
        { cause: error },
      );
    });
    const { AccessKeyId, SecretAccessKey, SessionToken, Expiration } = answer.Credentials ?? {};
    if (!AccessKeyId || !SecretAccessKey || !SessionToken || !Expiration)
      throw new SignerRoleError(`STS answered AssumeRole of ${options.roleArn} without credentials.`);
    return {
      accessKeyId: AccessKeyId,
      secretAccessKey: SecretAccessKey,
      sessionToken: SessionToken,
      expiration: Expiration,
    };
  };

  /**
   * A session signs until it has less than the minimum left. One STS granted shorter than that
   * (not what AssumeRole does with this DurationSeconds, but then asking again would not help) signs
   * for its first half, its URLs cut to its end.
   */
  const renewAt = (credentials: SigningCredentials, assumedAt: number) => {
    const end = credentials.expiration.getTime();
    return end - Math.min(options.minimumSecondsLeft * 1000, (end - assumedAt) / 2);
  };

  return Object.assign(
    async (): Promise<SigningCredentials> => {
      if (session && Date.now() <= renewSessionAt) return session;
      // URLs signed while a session is being assumed wait for that one AssumeRole.
      assuming ??= (async () => {
        const assumedAt = Date.now();
        const fresh = await assume();
        renewSessionAt = renewAt(fresh, assumedAt);
        session = fresh;
        return fresh;
      })().finally(() => {
        assuming = undefined;
      });
      return assuming;
    },
    { memoized: true as const },
  );
}
