/**
 * Presigned URLs never outlive the credentials that sign them: S3 refuses a URL once its signing
 * temporary credentials have expired, whatever X-Amz-Expires says. Signed with an S3 client whose
 * credentials provider is the test's (the URLs are computed locally; nothing is sent).
 */
import { S3Client } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import {
  DOWNLOAD_URL_SECONDS,
  presignDownload,
  presignUpload,
  UPLOAD_URL_SECONDS,
} from '../../src/storage/attachment-objects';
import { SigningCredentialsExpiredError } from '../../src/storage/url-lifetime';
import { presignedUrlParts } from '../support/presigned-url';

/** A whole second, as SigV4 signs; `now` for every URL below. */
const NOW = Date.UTC(2030, 0, 1, 12, 0, 0);

/** An S3 client signing with role-session credentials that expire `secondsLeft` after NOW (none: no expiry). */
function clientWithCredentials(secondsLeft: number | undefined) {
  let calls = 0;
  const credentials: {
    accessKeyId: string;
    secretAccessKey: string;
    sessionToken: string;
    expiration?: Date;
  } = {
    accessKeyId: 'ASIAEXAMPLE',
    secretAccessKey: 'secret',
    sessionToken: 'session-token',
    ...(secondsLeft === undefined ? {} : { expiration: new Date(NOW + secondsLeft * 1000) }),
  };
  const client = new S3Client({
    region: 'eu-west-1',
    credentials: async () => {
      calls++;
      return credentials;
    },
  });
  return { client, credentials, calls: () => calls };
}

/** What S3 reads from a presigned URL: how long it is valid, and so until when. */
function validity(url: string) {
  const { seconds, until } = presignedUrlParts(url);
  return { seconds, until };
}

describe('presigned attachment URLs', () => {
  it('cut an upload URL to the two minutes its signing credentials have left, and say so in expiresAt', async () => {
    // Prepare
    const { client, credentials, calls } = clientWithCredentials(120);

    // Act
    const upload = await presignUpload('users/u/todos/t/a', 'text/plain', 5, NOW, client);

    // Assess
    expect(calls()).toBeGreaterThan(0);
    expect(validity(upload.url)).toEqual({ seconds: 120, until: upload.expiresAt });
    expect(upload.expiresAt).toBe(credentials.expiration?.toISOString());
  });

  it('cut a download URL the same way', async () => {
    const { client } = clientWithCredentials(90);

    const download = await presignDownload('users/u/todos/t/a', 'notes.txt', 'text/plain', NOW, client);

    expect(validity(download.url)).toEqual({ seconds: 90, until: download.expiresAt });
  });

  it.each([
    ['an hour left', 3600],
    ['no expiry (long-term keys, or none known)', undefined],
  ])('keep their full lifetimes with credentials that have %s', async (_, secondsLeft) => {
    const { client } = clientWithCredentials(secondsLeft);

    const upload = await presignUpload('users/u/todos/t/a', 'text/plain', 5, NOW, client);
    const download = await presignDownload('users/u/todos/t/a', 'notes.txt', 'text/plain', NOW, client);

    expect(validity(upload.url)).toEqual({ seconds: UPLOAD_URL_SECONDS, until: upload.expiresAt });
    expect(validity(download.url)).toEqual({ seconds: DOWNLOAD_URL_SECONDS, until: download.expiresAt });
    expect(upload.expiresAt).toBe(new Date(NOW + UPLOAD_URL_SECONDS * 1000).toISOString());
  });

  it('count from the second the URL is signed in, so expiresAt is never later than S3 allows', async () => {
    const { client, credentials } = clientWithCredentials(120);

    const upload = await presignUpload('users/u/todos/t/a', 'text/plain', 5, NOW + 999, client);

    expect(validity(upload.url)).toEqual({ seconds: 120, until: upload.expiresAt });
    expect(Date.parse(upload.expiresAt)).toBeLessThanOrEqual(credentials.expiration?.getTime() ?? 0);
  });

  it('refuse to sign with credentials that have expired: such a URL would never work', async () => {
    const { client, calls } = clientWithCredentials(-1);

    await expect(presignUpload('users/u/todos/t/a', 'text/plain', 5, NOW, client)).rejects.toBeInstanceOf(
      SigningCredentialsExpiredError,
    );
    expect(calls()).toBeGreaterThan(0);
  });
});
