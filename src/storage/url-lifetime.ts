import type { S3Client } from '@aws-sdk/client-s3';

/**
 * S3 refuses a presigned URL once the temporary credentials that signed it have expired, whatever the
 * URL's own X-Amz-Expires says. So a URL is signed for the lifetime it wants, cut to what the signing
 * credentials have left, and `expiresAt` is when S3 will stop taking it:
 *
 *   signedAt                       signedAt + wanted
 *   |------------------------------|                    wanted lifetime
 *   |--------------------|                              credentials until `expiration`
 *   |--------------------|                              what the URL gets, and says in expiresAt
 *
 * Credentials without an `expiration` (long-term keys, the local S3's; the SDK's environment provider
 * when AWS_CREDENTIAL_EXPIRATION is unset, as with a Lambda function's own credentials) leave the
 * wanted lifetime as it is, with nothing to bound it by. That is why on AWS the URLs are signed with
 * sessions of a signer role (./signer-role-credentials.ts): they carry their expiry, and are renewed
 * while they still have a whole URL's lifetime left, so there this bound holds and does not cut.
 */
export interface UrlLifetime {
  /** Seconds, for the signer's `expiresIn`. */
  expiresIn: number;
  /** The signing time, whole seconds as SigV4's X-Amz-Date carries it: pass it to the signer. */
  signedAt: Date;
  /** ISO 8601: signedAt + expiresIn. */
  expiresAt: string;
}

/** The signing credentials have expired (or expire within the second): no URL signed now would work. */
export class SigningCredentialsExpiredError extends Error {
  override name = 'SigningCredentialsExpiredError';
}

export async function urlLifetime(
  client: S3Client,
  wantedSeconds: number,
  now: number,
): Promise<UrlLifetime> {
  const { expiration } = await client.config.credentials();
  const signedAt = Math.floor(now / 1000) * 1000;
  const left = expiration ? Math.floor((expiration.getTime() - signedAt) / 1000) : wantedSeconds;
  const expiresIn = Math.min(wantedSeconds, left);
  if (expiresIn < 1)
    throw new SigningCredentialsExpiredError(
      `The credentials that sign S3 URLs expired at ${expiration?.toISOString()}; refresh them (on AWS the ` +
        "signer role's session, renewed by src/storage/signer-role-credentials.ts; locally AWS_PROFILE / SSO) " +
        'before handing out attachment URLs.',
    );
  return {
    expiresIn,
    signedAt: new Date(signedAt),
    expiresAt: new Date(signedAt + expiresIn * 1000).toISOString(),
  };
}
