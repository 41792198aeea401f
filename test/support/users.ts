/** Factories for users tests: fresh subs and profiles that collide with nothing else in the shared table. */
import { randomBytes, randomUUID } from 'node:crypto';
import type { components } from '../../generated/openapi';

export type UserCreate = components['schemas']['UserCreate'];

/** A caller nobody else uses (Cognito subs are UUIDs). */
export function newSub(): string {
  return randomUUID();
}

/** A username that matches the contract (`^[a-z0-9_.-]+$`, 3-30) and is unique per call. */
export function newUsername(prefix = 'u'): string {
  return `${prefix}${randomBytes(6).toString('hex')}`;
}

export function newEmail(): string {
  return `${newUsername('mail')}@example.com`;
}

export function userCreate(overrides: Partial<UserCreate> = {}): UserCreate {
  return {
    username: newUsername(),
    firstName: 'Ada',
    lastName: 'Lovelace',
    email: newEmail(),
    ...overrides,
  };
}
