import { describe, expect, it } from 'vitest';
import { scopesOf, stringifyClaims } from '../../local/gateway/jwt-claims';

describe('stringifyClaims', () => {
  it('prints every claim as API Gateway does', () => {
    expect(
      stringifyClaims({
        sub: 'alice',
        exp: 1_700_000_000,
        ratio: 0.5,
        email_verified: false,
        'cognito:groups': ['admin', 'ops'],
        address: { street: 'Main', city: 'Oslo' },
        nothing: null,
      }),
    ).toEqual({
      sub: 'alice',
      exp: '1700000000',
      ratio: '0.5',
      email_verified: 'false',
      'cognito:groups': '[admin ops]',
      address: 'map[city:Oslo street:Main]',
      nothing: '<nil>',
    });
  });
});

describe('scopesOf', () => {
  it.each([
    [{ scope: 'openid todos/read' }, ['openid', 'todos/read']],
    [{ scp: ['a', 'b'] }, ['a', 'b']],
    [{ scope: '' }, null],
    [{}, null],
  ])('%j → %j', (payload, scopes) => {
    expect(scopesOf(payload)).toEqual(scopes);
  });
});
