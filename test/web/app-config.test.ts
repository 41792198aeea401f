/** The app's /config.json as web/src/config.ts reads it: what a deploy or `npm start` must write. */
import { describe, expect, it } from 'vitest';
import { ConfigError, configOf } from '../../web/src/config';

const valid = {
  apiUrl: 'https://api.example.com/',
  authority: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_abc',
  clientId: 'client',
  scope: 'openid swiftyplanner/api',
};

describe('configOf', () => {
  it('takes the four settings, the API URL without its trailing slash', () => {
    expect(configOf(valid, '/config.json')).toEqual({ ...valid, apiUrl: 'https://api.example.com' });
  });

  it('names every missing setting', () => {
    const { authority: _, scope: __, ...partial } = valid;

    expect(() => configOf(partial, '/config.json')).toThrow(
      new ConfigError(
        '/config.json lacks authority, scope: it needs apiUrl, authority, clientId, scope, each a non-empty string.',
      ),
    );
  });

  it('refuses an authority that is not a URL', () => {
    expect(() => configOf({ ...valid, authority: 'cognito' }, 'x')).toThrow('x: authority is not a URL.');
  });

  it('keeps a sign-out URL for a provider whose discovery names none (Cognito), and refuses a bad one', () => {
    const signOutUrl = 'https://login.example.com/logout';

    expect(configOf({ ...valid, signOutUrl }, 'x').signOutUrl).toBe(signOutUrl);
    expect(() => configOf({ ...valid, signOutUrl: 'logout' }, 'x')).toThrow(
      'signOutUrl, when given, must be a URL.',
    );
  });
});
