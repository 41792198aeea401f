/**
 * How a profile and its uniqueness guards are laid out in the table, and the mapping back to the
 * contract's `User`. Access patterns: see ./README.md.
 *
 *   item             PK                       SK                       attributes
 *   profile          USER#<sub>               PROFILE                  the User fields, version
 *   username guard   USERNAME#<username>      USERNAME#<username>      ownerSub
 *   email guard      EMAIL#<lower-cased>      EMAIL#<lower-cased>      ownerSub
 *
 * A guard's key IS the unique value, so `attribute_not_exists(PK)` on its Put is a uniqueness check
 * that DynamoDB enforces atomically with the profile write (same TransactWriteItems).
 */
import type { components } from '../../generated/openapi';

export type User = components['schemas']['User'];
export type UserCreate = components['schemas']['UserCreate'];
export type UserPatch = components['schemas']['UserPatch'];

import { type TableKey, userPartition } from './keys';

export type { TableKey };

export type ProfileItem = TableKey & { type: 'profile' } & User;
export type GuardItem = TableKey & { type: 'username-guard' | 'email-guard'; ownerSub: string };

export const PROFILE_SK = 'PROFILE';

export function profileKey(sub: string): TableKey {
  return { PK: userPartition(sub), SK: PROFILE_SK };
}

/** Usernames are lower-case by contract (`^[a-z0-9_.-]+$`), so the value is its own key. */
export function usernameGuardKey(username: string): TableKey {
  const key = `USERNAME#${username}`;
  return { PK: key, SK: key };
}

/** Emails compare case-insensitively: `Ada@Example.com` and `ada@example.com` are one address. */
export function emailGuardKey(email: string): TableKey {
  const key = `EMAIL#${email.toLowerCase()}`;
  return { PK: key, SK: key };
}

export function usernameGuard(username: string, ownerSub: string): GuardItem {
  return { ...usernameGuardKey(username), type: 'username-guard', ownerSub };
}

export function emailGuard(email: string, ownerSub: string): GuardItem {
  return { ...emailGuardKey(email), type: 'email-guard', ownerSub };
}

export function profileItem(user: User): ProfileItem {
  return { ...profileKey(user.userId), type: 'profile', ...user };
}

/** The contract's `User` out of a stored profile: only the declared fields, nothing of the keys. */
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
