/**
 * The local user pool forgets a user as Cognito's AdminDeleteUser does, called with the real
 * `@aws-sdk/client-cognito-identity-provider` pointed at the running provider: afterwards the user's
 * refresh tokens are refused, and signing in with the same name creates a new user (a new sub).
 * Errors come back as the SDK's own exception classes, as from Cognito.
 */
import {
  AdminDeleteUserCommand,
  AdminGetUserCommand,
  CognitoIdentityProviderClient,
  InvalidParameterException,
  ResourceNotFoundException,
  UserNotFoundException,
} from '@aws-sdk/client-cognito-identity-provider';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OidcProvider } from '../../local/issuer/oidc-provider';
import {
  exchangeCode,
  type FlowClient,
  signIn,
  startTestProvider,
  type TestProvider,
  tokenRequest,
} from './support/oidc-flow';

const USER_POOL_ID = 'us-east-1_local';
let testProvider: TestProvider | undefined;
let provider: OidcProvider;
let client: FlowClient;
let cognito: CognitoIdentityProviderClient;

beforeAll(async () => {
  testProvider = await startTestProvider(USER_POOL_ID);
  ({ provider, client } = testProvider);
  cognito = new CognitoIdentityProviderClient({
    endpoint: provider.origin,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });
});

afterAll(async () => {
  cognito?.destroy();
  await testProvider?.close();
});

async function signedInAs(name: string) {
  const tokens = await exchangeCode(client, await signIn(client, name));
  return { ...tokens, sub: String(decodeJwt(tokens.access_token).sub) };
}

const refresh = (refreshToken: string) =>
  tokenRequest(provider.origin, {
    grant_type: 'refresh_token',
    client_id: client.clientId,
    refresh_token: refreshToken,
  });

describe('AdminDeleteUser on the local user pool', () => {
  it('deletes the user by username (the sub): refresh tokens stop working, the same name becomes a new user', async () => {
    // Prepare
    const erin = await signedInAs('erin');
    expect((await refresh(erin.refresh_token ?? '')).status).toBe(200);

    // Act
    const deleted = await cognito.send(
      new AdminDeleteUserCommand({ UserPoolId: USER_POOL_ID, Username: erin.sub }),
    );

    // Assess
    expect(deleted.$metadata.httpStatusCode).toBe(200);
    const refused = await refresh(erin.refresh_token ?? '');
    expect(refused.status).toBe(400);
    expect(await refused.json()).toMatchObject({ error: 'invalid_grant' });
    const again = await signedInAs('erin');
    expect(again.sub).not.toBe(erin.sub);
    expect(provider.users.findBySub(erin.sub)).toBeUndefined();
  });

  it('takes the sign-in name as an alias, as Cognito takes the email', async () => {
    const frank = await signedInAs('Frank');
    await cognito.send(new AdminDeleteUserCommand({ UserPoolId: USER_POOL_ID, Username: 'frank' }));
    expect(provider.users.findBySub(frank.sub)).toBeUndefined();
  });

  it('answers UserNotFoundException for a user it does not have, or no longer has', async () => {
    const gina = await signedInAs('gina');
    await cognito.send(new AdminDeleteUserCommand({ UserPoolId: USER_POOL_ID, Username: gina.sub }));

    const again = cognito.send(new AdminDeleteUserCommand({ UserPoolId: USER_POOL_ID, Username: gina.sub }));
    await expect(again).rejects.toBeInstanceOf(UserNotFoundException);
    await expect(again).rejects.toMatchObject({
      name: 'UserNotFoundException',
      message: 'User does not exist.',
      $metadata: { httpStatusCode: 400 },
    });
  });

  it('answers ResourceNotFoundException for another user pool, and deletes nothing', async () => {
    const hana = await signedInAs('hana');
    const other = cognito.send(
      new AdminDeleteUserCommand({ UserPoolId: 'us-east-1_other', Username: hana.sub }),
    );
    await expect(other).rejects.toBeInstanceOf(ResourceNotFoundException);
    expect(provider.users.findBySub(hana.sub)).toBeDefined();
  });

  it.each([
    ['an empty Username', { UserPoolId: USER_POOL_ID, Username: '' }, /'username'.*length between 1 and 128/],
    [
      'a Username with a space',
      { UserPoolId: USER_POOL_ID, Username: 'a b' },
      /'username'.*regular expression/,
    ],
    ['a malformed UserPoolId', { UserPoolId: 'local', Username: 'x' }, /'userPoolId'.*regular expression/],
  ])('answers InvalidParameterException for %s', async (_case, input, message) => {
    const call = cognito.send(new AdminDeleteUserCommand(input));
    await expect(call).rejects.toBeInstanceOf(InvalidParameterException);
    await expect(call).rejects.toThrow(message);
  });

  it('says which operation it does not emulate', async () => {
    const call = cognito.send(new AdminGetUserCommand({ UserPoolId: USER_POOL_ID, Username: 'x' }));
    await expect(call).rejects.toMatchObject({
      name: 'UnknownOperationException',
      message: expect.stringContaining('AWSCognitoIdentityProviderService.AdminGetUser'),
    });
  });
});
