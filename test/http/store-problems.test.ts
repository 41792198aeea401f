/**
 * The store's failures (src/store/errors.ts) and the problems they answer, byte for byte: status,
 * headers (ETag on a version mismatch), and the body with its members in order. Through
 * problemResponse, the one exit every failure takes; no table involved.
 */
import { describe, expect, it } from 'vitest';
import { problemResponse } from '../../src/http/problem';
import * as storeErrors from '../../src/store/errors';
import {
  AttachmentLimitReached,
  AttachmentNotFound,
  EmailTaken,
  ErasureNotFound,
  IdempotencyKeyReused,
  InvalidCursor,
  KeptChanging,
  ProfileExists,
  ProfileGuardsDisagree,
  ProfileNotFound,
  StoreError,
  TodoNotFound,
  UsernameTaken,
  VersionMismatch,
} from '../../src/store/errors';

const PROBLEMS = 'https://swiftyplanner.dev/problems/';
const INSTANCE = '/todos/01JD8X3QZ7EV5GS0PMH9R2A4XT';
const TODO = '01JD8X3QZ7EV5GS0PMH9R2A4XT';
const ATTACHMENT = '01JD8X4B2C9KQ7W5TN3HZ6M0RP';

interface Expected {
  status: number;
  slug: string;
  title: string;
  detail: string;
  headers?: Record<string, string>;
}

const notFound = (detail: string): Expected => ({
  status: 404,
  slug: 'not-found',
  title: 'Not found',
  detail,
});
const precondition = (detail: string, headers?: Record<string, string>): Expected => ({
  status: 412,
  slug: 'precondition-failed',
  title: 'Precondition failed',
  detail,
  ...(headers && { headers }),
});
const conflict = (slug: string, title: string, detail: string): Expected => ({
  status: 409,
  slug,
  title,
  detail,
});

/** Each case: a failure as the store throws it, and the problem it answers. */
const cases: [string, () => StoreError, Expected][] = [
  ['TodoNotFound', () => new TodoNotFound(TODO), notFound(`No todo ${TODO}.`)],
  [
    'AttachmentNotFound',
    () => new AttachmentNotFound(TODO, ATTACHMENT),
    notFound(`No attachment ${ATTACHMENT} on todo ${TODO}.`),
  ],
  [
    'ProfileNotFound',
    () => new ProfileNotFound(),
    notFound('You have no profile yet. Create one with POST /users.'),
  ],
  [
    'ErasureNotFound',
    () => new ErasureNotFound(7),
    notFound(
      'No erasure was requested with this account, or the record of a finished one has expired (records are kept 7 days). DELETE /users/me starts one.',
    ),
  ],
  [
    'VersionMismatch',
    () => new VersionMismatch('todo', 3, false),
    precondition('The todo changed since you read it (current ETag "3"). Read it again and retry.', {
      ETag: '"3"',
    }),
  ],
  [
    'VersionMismatch',
    () => new VersionMismatch('profile', 7, false),
    precondition('The profile changed since you read it (current ETag "7"). Read it again and retry.', {
      ETag: '"7"',
    }),
  ],
  [
    'VersionMismatch',
    () => new VersionMismatch('todo', 3, true),
    precondition(
      'If-Match must repeat the ETag exactly as received, quoted and without W/: "3". ' +
        'A weak or unquoted tag never matches (RFC 9110 strong comparison).',
      { ETag: '"3"' },
    ),
  ],
  [
    'VersionMismatch',
    () => new VersionMismatch('profile', 2, true),
    precondition(
      'If-Match must repeat the ETag exactly as received, quoted and without W/: "2". ' +
        'A weak or unquoted tag never matches (RFC 9110 strong comparison).',
      { ETag: '"2"' },
    ),
  ],
  [
    'KeptChanging',
    () => new KeptChanging('todo', 10),
    precondition(
      'The todo kept changing while this request tried to save it (10 attempts). Read it again and retry.',
    ),
  ],
  [
    'KeptChanging',
    () => new KeptChanging('profile', 10),
    precondition(
      'Your profile kept changing while this request tried to save it (10 attempts). Read it again and retry.',
    ),
  ],
  [
    'ProfileExists',
    () => new ProfileExists(),
    conflict(
      'profile-exists',
      'Profile exists',
      'You already have a profile. Change it with PATCH /users/me, or delete it with DELETE /users/me first.',
    ),
  ],
  [
    'UsernameTaken',
    () => new UsernameTaken('ada.l'),
    conflict(
      'username-taken',
      'Username is taken',
      "The username 'ada.l' belongs to another user. Choose another one.",
    ),
  ],
  [
    'EmailTaken',
    () => new EmailTaken(),
    conflict(
      'email-taken',
      'Email is taken',
      'The email address belongs to another user. Use another address.',
    ),
  ],
  [
    'AttachmentLimitReached',
    () => new AttachmentLimitReached(TODO, 20),
    conflict(
      'attachment-limit',
      'Too many attachments',
      'A todo holds at most 20 attachments. Delete one before adding another.',
    ),
  ],
  [
    'IdempotencyKeyReused',
    () => new IdempotencyKeyReused('key-1'),
    conflict(
      'idempotency-key-reused',
      'Idempotency key reused',
      'This Idempotency-Key was used for a different request body. Use a new key for a new todo.',
    ),
  ],
  [
    'InvalidCursor',
    () => new InvalidCursor(),
    {
      status: 400,
      slug: 'invalid-cursor',
      title: 'Invalid cursor',
      detail:
        'The cursor is not one this API issued for this list and these filters. Start again without a cursor.',
    },
  ],
];

describe('problemResponse for a store failure', () => {
  it.each(cases)('answers %s with its problem, byte for byte', (name, make, expected) => {
    // Prepare
    const failure = make();
    // Act
    const { response, unexpected } = problemResponse(failure, INSTANCE, 'request-1');
    // Assess
    expect(failure.name).toBe(name);
    expect(unexpected).toBe(false);
    expect(response).toEqual({
      statusCode: expected.status,
      headers: { ...expected.headers, 'content-type': 'application/problem+json' },
      body: JSON.stringify({
        type: PROBLEMS + expected.slug,
        title: expected.title,
        status: expected.status,
        detail: expected.detail,
        instance: INSTANCE,
      }),
    });
  });

  it('has a case above for every failure the store exports', () => {
    // Prepare
    const exported = Object.values(storeErrors).filter(
      (value): value is typeof StoreError =>
        typeof value === 'function' && value.prototype instanceof StoreError,
    );
    // Assess
    expect(exported.map((failure) => failure.name).sort()).toEqual(
      [...new Set(cases.map(([name]) => name))].sort(),
    );
  });

  it('keeps the cause a failure was given', () => {
    const cause = new Error('TransactionCanceledException');
    expect(new TodoNotFound(TODO, { cause }).cause).toBe(cause);
  });

  it('answers a broken invariant (not a StoreError) with a 500 that names nothing of it', () => {
    // Act
    const { response, unexpected } = problemResponse(
      new ProfileGuardsDisagree('sub-1'),
      INSTANCE,
      'request-1',
    );
    // Assess
    expect(unexpected).toBe(true);
    expect(response.statusCode).toBe(500);
    expect(JSON.parse(String(response.body))).toMatchObject({
      type: `${PROBLEMS}internal`,
      requestId: 'request-1',
    });
    expect(response.body).not.toContain('sub-1');
  });
});
