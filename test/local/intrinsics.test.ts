/**
 * CloudFormation intrinsics in the contract's extensions, resolved with the local values, and the
 * HTTP API model the emulator builds from the contract with them.
 */
import { describe, expect, it } from 'vitest';
import { httpApiOf } from '../../local/gateway/http-api';
import { resolveIntrinsics, UnresolvedIntrinsicError } from '../../local/gateway/intrinsics';
import { localParameters, localValuesOf } from '../../local/stack/local-parameters';
import { loadContract } from '../../openapi/scripts/contract/load-contract';
import { CONTRACT_PATH } from '../../paths';

// An empty environment: the defaults (issuer port 3001, web app on 5173), whatever the shell says.
const values = localValuesOf(localParameters({ region: 'eu-west-1' }, {}));

describe('resolveIntrinsics', () => {
  it.each([
    [{ Ref: 'AllowedOrigins' }, ['*']],
    [{ Ref: 'AWS::Region' }, 'eu-west-1'],
    [
      // biome-ignore lint/suspicious/noTemplateCurlyInString: CloudFormation Fn::Sub syntax, not JavaScript
      { 'Fn::Sub': 'https://cognito-idp.${AWS::Region}.amazonaws.com/${UserPool}' },
      'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_local',
    ],
    // biome-ignore lint/suspicious/noTemplateCurlyInString: CloudFormation Fn::Sub syntax, not JavaScript
    [{ 'Fn::Sub': ['${Name}-${Stage}', { Name: 'swifty' }] }, 'swifty-local'],
    [
      { 'Fn::GetAtt': ['UserPool', 'Arn'] },
      'arn:aws:cognito-idp:eu-west-1:000000000000:userpool/eu-west-1_local',
    ],
    [{ 'Fn::Join': [',', [{ Ref: 'Stage' }, 'x']] }, 'local,x'],
    [{ 'Fn::GetAtt': ['UserPool', 'ProviderURL'] }, 'http://127.0.0.1:3001/eu-west-1_local'],
    [
      {
        'Fn::Split': [
          ',',
          { 'Fn::Join': ['', [{ 'Fn::Join': ['/auth/callback,', { Ref: 'AppUrls' }] }, '/auth/callback']] },
        ],
      },
      ['http://127.0.0.1:5173/auth/callback'],
    ],
    [
      { nested: [{ Ref: 'UserPoolClient' }], plain: 3 },
      { nested: ['swiftyplanner-local-client'], plain: 3 },
    ],
  ])('resolves %j', (input, expected) => {
    expect(resolveIntrinsics(input, values)).toEqual(expected);
  });

  it('names the reference it cannot resolve and where to add a value', () => {
    expect(() => resolveIntrinsics({ a: { Ref: 'Nowhere' } }, values)).toThrow(UnresolvedIntrinsicError);
    expect(() => resolveIntrinsics({ a: { Ref: 'Nowhere' } }, values)).toThrow(
      /\$\.a refers to Nowhere.*local-parameters\.ts/,
    );
  });

  it('refuses intrinsics it does not know instead of passing them through', () => {
    expect(() => resolveIntrinsics({ 'Fn::If': ['C', 1, 2] }, values)).toThrow(/Fn::If/);
  });
});

describe('httpApiOf the contract', () => {
  it('gives every route its function, authorizer and integration timeout, and CORS with local origins', async () => {
    // Act
    const api = httpApiOf(await loadContract(CONTRACT_PATH), values);

    // Assess
    const health = api.routes.find((r) => r.routeKey === 'GET /health');
    const createTodo = api.routes.find((r) => r.routeKey === 'POST /todos');
    expect(health).toMatchObject({ functionLogicalId: 'UsersFunction', integrationTimeoutMs: 29_000 });
    expect(health?.authorizer).toBeUndefined();
    expect(createTodo?.functionLogicalId).toBe('TodosFunction');
    expect(createTodo?.authorizer).toEqual({
      name: 'cognitoJwt',
      issuer: 'http://127.0.0.1:3001/eu-west-1_local',
      audience: ['swiftyplanner-local-client'],
      header: 'authorization',
    });
    expect(api.cors?.allowOrigins).toEqual(['*']);
    expect(api.routes.filter((r) => !r.authorizer).map((r) => r.routeKey)).toEqual(['GET /health']);
  });
});
