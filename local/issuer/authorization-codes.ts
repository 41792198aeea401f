/**
 * Authorization codes: what a sign-in granted, waiting for the app to redeem it at the token endpoint
 * with its PKCE verifier. In memory only (a restart loses codes in flight, minutes' worth at most).
 *
 * Single use and short-lived (RFC 6749 section 4.1.2 recommends at most 10 minutes). A code presented
 * a second time is refused and the refresh token its first redemption issued is ended, as the RFC
 * suggests: someone else has the code.
 */
import { randomBytes } from 'node:crypto';
import type { LocalUser } from './user-pool';

export const CODE_LIFETIME_MS = 5 * 60_000;

export interface AuthorizationGrant {
  clientId: string;
  /** Exactly as sent to the authorize endpoint; the token request must repeat it. */
  redirectUri: string;
  codeChallenge: string;
  scope: string[];
  nonce?: string;
  user: LocalUser;
  /** Epoch seconds of the sign-in. */
  authTime: number;
}

interface CodeRecord {
  grant: AuthorizationGrant;
  expiresAt: number;
  redeemed: boolean;
  /** The refresh token the redemption issued, ended if the code comes back. */
  refreshToken?: string;
}

export type Redemption =
  | { ok: true; grant: AuthorizationGrant; recordRefreshToken(token: string): void }
  | { ok: false; reason: 'unknown or expired' | 'already used'; refreshToken?: string };

export class AuthorizationCodes {
  private readonly codes = new Map<string, CodeRecord>();

  constructor(private readonly lifetimeMs = CODE_LIFETIME_MS) {}

  issue(grant: AuthorizationGrant): string {
    this.prune();
    const code = randomBytes(24).toString('base64url');
    this.codes.set(code, { grant, expiresAt: Date.now() + this.lifetimeMs, redeemed: false });
    return code;
  }

  redeem(code: string): Redemption {
    const record = this.codes.get(code);
    if (!record || record.expiresAt <= Date.now()) return { ok: false, reason: 'unknown or expired' };
    if (record.redeemed) {
      return {
        ok: false,
        reason: 'already used',
        ...(record.refreshToken ? { refreshToken: record.refreshToken } : {}),
      };
    }
    record.redeemed = true;
    return {
      ok: true,
      grant: record.grant,
      recordRefreshToken: (token) => {
        record.refreshToken = token;
      },
    };
  }

  /** Forgets expired codes (a redeemed one is kept until then, to recognise its reuse). */
  private prune(): void {
    const now = Date.now();
    for (const [code, record] of this.codes) if (record.expiresAt <= now) this.codes.delete(code);
  }
}
