/** The three ways a profile write can collide with what is stored (409 problems, per the contract). */
import { ConflictError } from '../http/errors';

export function profileExists(): ConflictError {
  return new ConflictError(
    'profile-exists',
    'Profile exists',
    'You already have a profile. Change it with PATCH /users/me, or delete it with DELETE /users/me first.',
  );
}

export function usernameTaken(username: string): ConflictError {
  return new ConflictError(
    'username-taken',
    'Username is taken',
    `The username '${username}' belongs to another user. Choose another one.`,
  );
}

export function emailTaken(): ConflictError {
  return new ConflictError(
    'email-taken',
    'Email is taken',
    'The email address belongs to another user. Use another address.',
  );
}
