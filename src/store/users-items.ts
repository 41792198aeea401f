/**
 * How a profile and its username guard are stored (keys from ./keys.ts), and the mapping back to
 * the contract's `User`. A guard carries `ownerSub`; the profile carries the User fields and `version`.
 * A guard's key IS the unique value, so `attribute_not_exists(PK)` on its Put is a uniqueness check
 * that DynamoDB enforces atomically with the profile write (same TransactWriteItems). Emails have
 * none: they are contact data (./legacy-email-guards.ts for the guards of before).
 */
import type { components } from '../../generated/openapi';
import { profileKey, type TableKey, usernameGuardKey } from './keys';

export type User = components['schemas']['User'];
export type UserCreate = components['schemas']['UserCreate'];
export type UserPatch = components['schemas']['UserPatch'];

export type ProfileItem = TableKey & { type: 'profile' } & User;
export type GuardItem = TableKey & { type: 'username-guard'; ownerSub: string };

export function usernameGuard(username: string, ownerSub: string): GuardItem {
  return { ...usernameGuardKey(username), type: 'username-guard', ownerSub };
}

export function profileItem(user: User): ProfileItem {
  return { ...profileKey(user.userId), type: 'profile', ...user };
}

/**
 * What a profile's ETag is made of: its incarnation and its version, `<createdAt in base 36>-<version>`.
 * A profile deleted and created again restarts at version 1 under the same URL; its createdAt is
 * another (a delete and a create are two transactions, never within one millisecond), so no tag of
 * the deleted profile matches the new one. Opaque to clients: they send it back as received.
 */
export function profileTag(user: User): string {
  return `${Date.parse(user.createdAt).toString(36)}-${user.version}`;
}

/**
 * The condition of a write over the profile as it was read: the same version of the same incarnation
 * (createdAt pins it: a profile deleted and re-created restarts at version 1).
 */
export function unchangedSince(read: User) {
  return {
    ConditionExpression: '#version = :version AND #createdAt = :createdAt',
    ExpressionAttributeNames: { '#version': 'version', '#createdAt': 'createdAt' },
    ExpressionAttributeValues: { ':version': read.version, ':createdAt': read.createdAt },
  };
}

/** The contract's `User` out of a stored profile (or a new one): only the declared fields, in order. */
export function userOf(item: Record<string, unknown>): User {
  const p = item as unknown as ProfileItem;
  return {
    userId: p.userId,
    username: p.username,
    firstName: p.firstName,
    lastName: p.lastName,
    email: p.email,
    ...(p.phoneNumber !== undefined ? { phoneNumber: p.phoneNumber } : {}),
    ...(p.bio !== undefined ? { bio: p.bio } : {}),
    createdAt: p.createdAt,
    updatedAt: p.updatedAt,
    version: p.version,
  };
}
