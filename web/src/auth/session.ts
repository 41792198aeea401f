/**
 * The signed-in user, through OpenID Connect: authorization code with PKCE (oidc-client-ts), the
 * same code path for the local provider (`npm start`) and a deployed user pool. Tokens live in
 * sessionStorage (gone with the tab); the API gets the access token.
 *
 *   signIn()  → the provider's authorize page → /auth/callback?code&state → start() → signed in
 *   end()     → signed out here (a 401 from the API, a deleted account), then the provider's end-session
 *               endpoint when it has one, which sends the browser back to the app
 */
import { type User, UserManager, WebStorageStateStore } from 'oidc-client-ts';
import type { AppConfig } from '../config';

export const CALLBACK_PATH = '/auth/callback';
/** Why the last session ended, shown on the sign-in screen after the provider's redirect back. */
const NOTICE_KEY = 'swiftyplanner.signed-out-notice';

export type SessionState =
  | { status: 'starting' }
  | { status: 'signed-out'; notice?: string }
  | { status: 'signed-in'; user: SignedInUser };

export interface SignedInUser {
  sub: string;
  /** What the provider calls the user (`preferred_username`, `email`), or the sub. */
  name: string;
  accessToken: string;
}

export class Session {
  private state: SessionState = { status: 'starting' };
  private readonly listeners = new Set<() => void>();
  private readonly manager: UserManager;
  private readonly signOutParams: { client_id: string; extraQueryParams: Record<string, string> };

  constructor(config: AppConfig, origin = window.location.origin) {
    // oidc-client-ts sends OpenID's post_logout_redirect_uri; Cognito's /logout wants client_id and
    // logout_uri instead. Sending both signs out the same way everywhere.
    this.signOutParams = { client_id: config.clientId, extraQueryParams: { logout_uri: `${origin}/` } };
    const store = new WebStorageStateStore({ store: window.sessionStorage });
    this.manager = new UserManager({
      authority: config.authority,
      client_id: config.clientId,
      scope: config.scope,
      redirect_uri: `${origin}${CALLBACK_PATH}`,
      post_logout_redirect_uri: `${origin}/`,
      response_type: 'code',
      userStore: store,
      stateStore: store,
      // No hidden iframe renewals: an expired token ends the session, and the API's 401 says so.
      automaticSilentRenew: false,
      ...(config.signOutUrl ? { metadataSeed: { end_session_endpoint: config.signOutUrl } } : {}),
    });
    this.manager.events.addAccessTokenExpired(() => {
      void this.end('Your session expired. Sign in again.');
    });
  }

  /** Finishes a sign-in when the provider sent the browser back here, else picks up a stored one. */
  async start(location: Location = window.location): Promise<void> {
    if (location.pathname === CALLBACK_PATH) {
      const params = new URLSearchParams(location.search);
      if (params.has('error')) {
        const description = params.get('error_description') ?? params.get('error');
        window.history.replaceState(null, '', '/');
        return this.set({ status: 'signed-out', notice: `Sign-in did not complete: ${description}.` });
      }
      try {
        const user = await this.manager.signinRedirectCallback();
        const returnTo = typeof user.state === 'string' && user.state.startsWith('/') ? user.state : '/';
        window.history.replaceState(null, '', returnTo);
        return this.set({ status: 'signed-in', user: signedInUserOf(user) });
      } catch (error) {
        window.history.replaceState(null, '', '/');
        const reason = error instanceof Error ? error.message : String(error);
        return this.set({ status: 'signed-out', notice: `Sign-in did not complete: ${reason}` });
      }
    }
    const user = await this.manager.getUser();
    if (user && !user.expired) return this.set({ status: 'signed-in', user: signedInUserOf(user) });
    const notice = window.sessionStorage.getItem(NOTICE_KEY) ?? undefined;
    window.sessionStorage.removeItem(NOTICE_KEY);
    this.set(notice ? { status: 'signed-out', notice } : { status: 'signed-out' });
  }

  /** To the provider's sign-in page; back at `returnTo` afterwards. */
  async signIn(returnTo = window.location.pathname + window.location.search): Promise<void> {
    await this.manager.signinRedirect({ state: returnTo === CALLBACK_PATH ? '/' : returnTo });
  }

  /**
   * Signs out here at once, then at the provider when it offers an end-session endpoint (which
   * sends the browser back to the app's root). `notice` is shown on the sign-in screen.
   */
  async end(notice?: string): Promise<void> {
    if (this.state.status === 'signed-out') return;
    const user = await this.manager.getUser();
    await this.manager.removeUser();
    this.set(notice ? { status: 'signed-out', notice } : { status: 'signed-out' });
    const endSession = await this.manager.metadataService.getEndSessionEndpoint().catch(() => undefined);
    if (!endSession) return;
    if (notice) window.sessionStorage.setItem(NOTICE_KEY, notice);
    await this.manager.signoutRedirect({
      ...this.signOutParams,
      ...(user?.id_token ? { id_token_hint: user.id_token } : {}),
    });
  }

  accessToken(): string | undefined {
    return this.state.status === 'signed-in' ? this.state.user.accessToken : undefined;
  }

  get current(): SessionState {
    return this.state;
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  private set(state: SessionState): void {
    this.state = state;
    for (const listener of this.listeners) listener();
  }
}

function signedInUserOf(user: User): SignedInUser {
  const profile = user.profile as Record<string, unknown>;
  const name = [profile.preferred_username, profile.email, profile['cognito:username'], profile.sub].find(
    (value): value is string => typeof value === 'string' && value !== '',
  );
  return { sub: user.profile.sub, name: name ?? user.profile.sub, accessToken: user.access_token };
}
