/**
 * On AWS the attachment URLs are signed with sessions of the signer role, which carry their expiry:
 * a URL never outlives the session that signed it, and a session is renewed while it still has a
 * whole URL's lifetime left, so URLs get their full lifetime. STS is the fake of
 * test/support/fake-sts.ts (AssumeRole as documented, behind the real STS client); the URLs are
 * computed locally, nothing is sent to S3.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  DOWNLOAD_URL_SECONDS,
  presignDownload,
  presignUpload,
  UPLOAD_URL_SECONDS,
} from '../../src/storage/attachment-objects';
import { StorageUnavailable } from '../../src/storage/errors';
import { SIGNER_SESSION_SECONDS, SignerRoleError } from '../../src/storage/signer-role-credentials';
import { urlSigningClient } from '../../src/storage/url-signing-client';
import { fakeSts } from '../support/fake-sts';
import { presignedUrlParts as signed } from '../support/presigned-url';

const ROLE_ARN = 'arn:aws:iam::123456789012:role/swiftyplanner-dev-UrlSigner-eu-west-1';
/** A whole second, as SigV4 signs. */
const T0 = Date.UTC(2030, 0, 1, 12, 0, 0);
const MINUTE = 60_000;

function signerClient() {
  const sts = fakeSts();
  const client = urlSigningClient({
    roleArn: ROLE_ARN,
    longestUrlSeconds: UPLOAD_URL_SECONDS,
    sts: sts.config,
  });
  const upload = () => presignUpload('users/u/todos/t/a', 'text/plain', 5, Date.now(), client);
  const download = () => presignDownload('users/u/todos/t/a', 'notes.txt', 'text/plain', Date.now(), client);
  return { sts, client, upload, download };
}

describe('attachment URLs signed with the signer role', () => {
  beforeEach(() => {
    vi.stubEnv('AWS_REGION', 'eu-west-1'); // as Lambda sets it
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(T0);
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllEnvs();
  });

  it('assume the role at the first URL, for the hour role chaining allows, and sign with that session', async () => {
    // Prepare
    const { sts, upload } = signerClient();
    expect(sts.calls).toHaveLength(0); // nothing at init: the cold start pays no STS call

    // Act
    const url = await upload();

    // Assess
    expect(sts.calls).toEqual([
      { roleArn: ROLE_ARN, roleSessionName: 'attachment-urls', durationSeconds: 3600, at: T0 },
    ]);
    expect(SIGNER_SESSION_SECONDS).toBe(3600);
    const session = sts.session(0);
    expect(signed(url.url)).toEqual({
      accessKeyId: session.accessKeyId,
      sessionToken: session.sessionToken,
      seconds: UPLOAD_URL_SECONDS,
      until: url.expiresAt,
    });
    expect(Date.parse(url.expiresAt)).toBeLessThanOrEqual(Date.parse(session.expiration));
  });

  it('keep a session while it has the longest URL left, and assume a new one before it runs short', async () => {
    const { sts, upload, download } = signerClient();
    await upload();

    // 44 minutes into the hour: 16 minutes left, enough for a 15-minute URL and the margin.
    vi.setSystemTime(T0 + 44 * MINUTE);
    const late = await upload();
    // 46 minutes in: 14 minutes left, less than an upload URL needs.
    vi.setSystemTime(T0 + 46 * MINUTE);
    const renewed = await upload();
    const renewedDownload = await download();

    expect(sts.calls.map((c) => c.at)).toEqual([T0, T0 + 46 * MINUTE]);
    expect(signed(late.url)).toMatchObject({
      accessKeyId: sts.session(0).accessKeyId,
      seconds: UPLOAD_URL_SECONDS,
    });
    expect(signed(renewed.url)).toMatchObject({
      accessKeyId: sts.session(1).accessKeyId,
      seconds: UPLOAD_URL_SECONDS,
    });
    expect(renewed.expiresAt).toBe(new Date(T0 + 46 * MINUTE + UPLOAD_URL_SECONDS * 1000).toISOString());
    expect(signed(renewedDownload.url)).toMatchObject({
      accessKeyId: sts.session(1).accessKeyId,
      seconds: DOWNLOAD_URL_SECONDS,
    });
  });

  it("cut a URL to the session's end when STS grants less than the URL's lifetime, and say so in expiresAt", async () => {
    const { sts, upload } = signerClient();
    sts.grantSeconds = 10 * 60;

    const url = await upload();

    expect(sts.calls).toHaveLength(1);
    expect(signed(url.url)).toMatchObject({ seconds: 600, until: url.expiresAt });
    expect(url.expiresAt).toBe(new Date(Date.parse(sts.session(0).expiration)).toISOString());
  });

  it('assume the role once for the URLs signed while it is under way', async () => {
    const { sts, upload, download } = signerClient();

    const urls = await Promise.all([upload(), download(), upload()]);

    expect(sts.calls).toHaveLength(1);
    expect(new Set(urls.map((u) => signed(u.url).accessKeyId))).toEqual(
      new Set([sts.session(0).accessKeyId]),
    );
  });

  it('sign nothing when STS refuses, and name the role and the fix', async () => {
    const { sts, upload } = signerClient();
    sts.refuse = true;

    const failure = await upload().catch((error: unknown) => error);

    expect(sts.calls).toHaveLength(1);
    expect(failure).toBeInstanceOf(SignerRoleError);
    expect((failure as Error).message).toContain(ROLE_ARN);
    expect((failure as Error).message).toMatch(/not authorized to perform: sts:AssumeRole.*trust policy/s);
  });

  it('sign nothing and say S3 signing is unavailable (a 503) when STS keeps throttling', async () => {
    const { sts, upload } = signerClient();
    sts.throttle = true;

    const failure = await upload().catch((error: unknown) => error);

    // The SDK's own 3 attempts, each throttled, then the storage layer's "unavailable".
    expect(sts.calls).toHaveLength(3);
    expect(failure).toBeInstanceOf(StorageUnavailable);
    expect((failure as Error).cause).toMatchObject({ name: 'Throttling' });
  });
});
