import { S3Client } from '@aws-sdk/client-s3';
import type { STSClientConfig } from '@aws-sdk/client-sts';
import { s3Client, s3ClientConfig } from './s3-client';
import { signerRoleCredentials } from './signer-role-credentials';

/**
 * A session must outlast the URL signed with it by this much: the URL is signed a moment after the
 * check, and its lifetime is counted in whole seconds from the signing second.
 */
export const SIGNING_MARGIN_SECONDS = 60;

/**
 * The client that signs attachment URLs. Given the signer role (ATTACHMENT_SIGNER_ROLE_ARN on AWS,
 * set by the template), it signs with that role's sessions, each with at least the longest URL's
 * lifetime left (./signer-role-credentials.ts); it sends nothing, so it needs no other permission.
 * Without one (the local stack, whose S3 takes any key) it is the container's client, with the
 * default credentials.
 */
export function urlSigningClient(options: {
  roleArn: string | undefined;
  longestUrlSeconds: number;
  sts?: STSClientConfig;
}): S3Client {
  if (!options.roleArn) return s3Client;
  return new S3Client({
    ...s3ClientConfig,
    credentials: signerRoleCredentials({
      roleArn: options.roleArn,
      minimumSecondsLeft: options.longestUrlSeconds + SIGNING_MARGIN_SECONDS,
      ...(options.sts ? { sts: options.sts } : {}),
    }),
  });
}
