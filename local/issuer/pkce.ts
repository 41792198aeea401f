/**
 * Proof Key for Code Exchange (RFC 7636) with the S256 method only: the authorize request carries
 * `code_challenge = BASE64URL(SHA256(code_verifier))`, the token request the verifier itself.
 * `plain` is refused, so a code intercepted on its way back to the app is worthless without the
 * verifier that never left it.
 */
import { createHash, timingSafeEqual } from 'node:crypto';

/** 43 to 128 characters of [A-Z a-z 0-9 - . _ ~] (RFC 7636 section 4.1). */
export function isCodeVerifier(value: string): boolean {
  return /^[A-Za-z0-9\-._~]{43,128}$/.test(value);
}

/** A SHA-256 digest in base64url without padding: exactly 43 characters. */
export function isS256Challenge(value: string): boolean {
  return /^[A-Za-z0-9\-_]{43}$/.test(value);
}

export function s256ChallengeOf(verifier: string): string {
  return createHash('sha256').update(verifier, 'ascii').digest('base64url');
}

export function verifierMatches(verifier: string, challenge: string): boolean {
  if (!isCodeVerifier(verifier)) return false;
  const expected = Buffer.from(challenge);
  const actual = Buffer.from(s256ChallengeOf(verifier));
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}
