/**
 * STS's AssumeRole as its API reference documents it, behind a real STSClient: a request handler in
 * place of the network, so the SDK serializes the Query request and parses the XML answer itself.
 *
 * - The answer is the documented AssumeRoleResponse: AssumedRoleUser, and Credentials with an
 *   Expiration of now + DurationSeconds (default 3600), in whole seconds.
 * - A role session assuming a role is role chaining: a DurationSeconds over 3600 fails with
 *   ValidationError, "The requested DurationSeconds exceeds the 1 hour session limit for roles
 *   assumed by role chaining."
 * - `grantSeconds` stands in for a session shorter than asked; `refuse` for an AccessDenied.
 */
import { Readable } from 'node:stream';
import type { STSClientConfig } from '@aws-sdk/client-sts';

export interface AssumeRoleCall {
  roleArn: string;
  roleSessionName: string;
  durationSeconds: number;
  at: number;
}

export interface FakeSts {
  /** For urlSigningClient's `sts`: the region, the caller's (the function's) keys, the handler. */
  config: STSClientConfig;
  calls: AssumeRoleCall[];
  /** The credentials of the nth session (0-based). */
  session(n: number): { accessKeyId: string; sessionToken: string; expiration: string };
  /** Grant sessions of this many seconds, whatever was asked. */
  grantSeconds?: number;
  /** Answer AccessDenied. */
  refuse?: boolean;
  /** Answer Throttling ("Rate exceeded"), as STS does past its request quota. */
  throttle?: boolean;
}

const XMLNS = 'https://sts.amazonaws.com/doc/2011-06-15/';

export function fakeSts(): FakeSts {
  const sessions: { accessKeyId: string; sessionToken: string; expiration: string }[] = [];
  const fake: FakeSts = {
    calls: [],
    session: (n) => {
      const found = sessions[n];
      if (!found) throw new Error(`no session ${n}: STS was asked ${sessions.length} time(s)`);
      return found;
    },
    config: {
      region: 'eu-west-1',
      // What the function's own role session would have: environment keys, no expiry.
      credentials: {
        accessKeyId: 'ASIAFUNCTIONROLE',
        secretAccessKey: 'function-secret',
        sessionToken: 'fn',
      },
      requestHandler: {
        handle: async (request: { body?: unknown }) => {
          const form = new URLSearchParams(String(request.body ?? ''));
          if (form.get('Action') !== 'AssumeRole') throw new Error(`fake STS: ${form.get('Action')}`);
          const call: AssumeRoleCall = {
            roleArn: form.get('RoleArn') ?? '',
            roleSessionName: form.get('RoleSessionName') ?? '',
            durationSeconds: Number(form.get('DurationSeconds') ?? 3600),
            at: Date.now(),
          };
          fake.calls.push(call);
          if (fake.refuse)
            return answer(
              403,
              errorXml(
                'AccessDenied',
                `User: arn:aws:sts::123456789012:assumed-role/swiftyplanner-dev-TodosFunctionRole-X/swiftyplanner-dev-todos is not authorized to perform: sts:AssumeRole on resource: ${call.roleArn}`,
              ),
            );
          if (fake.throttle) return answer(400, errorXml('Throttling', 'Rate exceeded'));
          if (call.durationSeconds > 3600)
            return answer(
              400,
              errorXml(
                'ValidationError',
                'The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.',
              ),
            );
          const n = sessions.length + 1;
          const seconds = fake.grantSeconds ?? call.durationSeconds;
          const session = {
            accessKeyId: `ASIASIGNERSESSION${n}`,
            sessionToken: `signer-session-token-${n}`,
            expiration: new Date(Math.floor(Date.now() / 1000) * 1000 + seconds * 1000)
              .toISOString()
              .replace('.000Z', 'Z'),
          };
          sessions.push(session);
          return answer(
            200,
            `<AssumeRoleResponse xmlns="${XMLNS}">
  <AssumeRoleResult>
    <AssumedRoleUser>
      <Arn>arn:aws:sts::123456789012:assumed-role/swiftyplanner-dev-UrlSigner-eu-west-1/${call.roleSessionName}</Arn>
      <AssumedRoleId>AROA3XFRBF535PLBIFPI4:${call.roleSessionName}</AssumedRoleId>
    </AssumedRoleUser>
    <Credentials>
      <AccessKeyId>${session.accessKeyId}</AccessKeyId>
      <SecretAccessKey>signer-secret-${n}</SecretAccessKey>
      <SessionToken>${session.sessionToken}</SessionToken>
      <Expiration>${session.expiration}</Expiration>
    </Credentials>
  </AssumeRoleResult>
  <ResponseMetadata>
    <RequestId>c6104cbe-af31-11e0-8154-cbc7ccf896c7</RequestId>
  </ResponseMetadata>
</AssumeRoleResponse>`,
          );
        },
      } as unknown as STSClientConfig['requestHandler'],
    },
  };
  return fake;
}

function errorXml(code: string, message: string): string {
  return `<ErrorResponse xmlns="${XMLNS}">
  <Error><Type>Sender</Type><Code>${code}</Code><Message>${message}</Message></Error>
  <RequestId>c6104cbe-af31-11e0-8154-cbc7ccf896c8</RequestId>
</ErrorResponse>`;
}

function answer(statusCode: number, xml: string) {
  return {
    response: {
      statusCode,
      reason: statusCode === 200 ? 'OK' : 'Error',
      headers: { 'content-type': 'text/xml', 'x-amzn-requestid': 'c6104cbe-af31-11e0-8154-cbc7ccf896c7' },
      body: Readable.from([Buffer.from(xml)]),
    },
  };
}
