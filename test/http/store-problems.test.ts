/**
 * The store's and the storage's failures (src/store/errors.ts, src/storage/errors.ts) and the
 * problems they answer, byte for byte: status, headers (ETag on a version mismatch, Retry-After on a
 * 503), and the body with its members in order. Through problemResponse, the one exit every failure
 * takes; no table involved.
 */
import { describe, expect, it } from 'vitest';
import { problemResponse } from '../../src/http/problem';
import { StorageUnavailable } from '../../src/storage/errors';
import * as storeErrors from '../../src/store/errors';
import {
  AttachmentLimitReached,
  AttachmentNotFound,
  AttachmentStorageFull,
  ErasureNotFound,
  IdempotencyKeyLimitReached,
  IdempotencyKeyReused,
  InvalidCursor,
  ProfileExists,
  ProfileGuardsDisagree,
  ProfileNotFound,
  StoreError,
  TableUnavailable,
  TodoLimitReached,
  TodoNotFound,
  UsernameTaken,
  VersionMismatch,
  WriteContended,
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
  /** The request's method, for failures whose detail depends on it (GET by default). */
  method?: string;
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
const unavailable = (detail: string, retryAfter: number, method?: string): Expected => ({
  status: 503,
  slug: 'service-unavailable',
  title: 'Service unavailable',
  detail,
  headers: { 'Retry-After': String(retryAfter) },
  ...(method && { method }),
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
    () => new VersionMismatch('todo', '3', false),
    precondition('The todo changed since you read it (current ETag "3"). Read it again and retry.', {
      ETag: '"3"',
    }),
  ],
  [
    'VersionMismatch',
    () => new VersionMismatch('profile', 'm1x2k9q0-7', false),
    precondition(
      'The profile changed since you read it (current ETag "m1x2k9q0-7"). Read it again and retry.',
      { ETag: '"m1x2k9q0-7"' },
    ),
  ],
  [
    'VersionMismatch',
    () => new VersionMismatch('todo', '3', true),
    precondition(
      'If-Match must repeat the ETag exactly as received, quoted and without W/: "3". ' +
        'A weak or unquoted tag never matches (RFC 9110 strong comparison).',
      { ETag: '"3"' },
    ),
  ],
  [
    'VersionMismatch',
    () => new VersionMismatch('profile', 'm1x2k9q0-2', true),
    precondition(
      'If-Match must repeat the ETag exactly as received, quoted and without W/: "m1x2k9q0-2". ' +
        'A weak or unquoted tag never matches (RFC 9110 strong comparison).',
      { ETag: '"m1x2k9q0-2"' },
    ),
  ],
  [
    'VersionMismatch',
    () => new VersionMismatch('profile', undefined, false),
    precondition(
      'You have no profile, so If-Match names a version of one that no longer exists. Read GET /users/me, or create a profile with POST /users.',
    ),
  ],
  [
    'WriteContended',
    () => new WriteContended(37),
    unavailable(
      'Other changes to the same data kept winning until this request ran out of time; nothing was changed. Retry after 1 second.',
      1,
      'PATCH',
    ),
  ],
  [
    'TableUnavailable',
    () => new TableUnavailable({ cause: Object.assign(new Error('timed out'), { name: 'TimeoutError' }) }),
    unavailable(
      'The database is overloaded or did not answer in time. Retry after 5 seconds; quote the request id if it persists.',
      5,
    ),
  ],
  [
    'TableUnavailable',
    () => new TableUnavailable(),
    unavailable(
      'The database is overloaded or did not answer in time, so this change may or may not have been made, in whole or in part. Retry after 5 seconds; a DELETE, a PATCH without If-Match and a POST /todos with the same Idempotency-Key are safe to repeat, read first before repeating anything else.',
      5,
      'DELETE',
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
    'AttachmentLimitReached',
    () => new AttachmentLimitReached(TODO, 20),
    conflict(
      'attachment-limit',
      'Too many attachments',
      'A todo holds at most 20 attachments. Delete one before adding another.',
    ),
  ],
  [
    'TodoLimitReached',
    () => new TodoLimitReached(10_000),
    conflict(
      'todo-limit',
      'Too many todos',
      'An account keeps at most 10,000 todos. Delete todos you no longer need, then create this one again.',
    ),
  ],
  [
    'AttachmentStorageFull',
    () => new AttachmentStorageFull(1024 ** 3, 1024 ** 3 - 1024 ** 2, 3 * 1024 ** 2 + 512 * 1024),
    conflict(
      'attachment-storage-limit',
      'Attachment storage full',
      "An account's attachments take at most 1 GiB (uploads not finished included): yours take 1023 MiB, " +
        'and this file needs 3.5 MiB. Delete attachments, or todos that have them, to make room.',
    ),
  ],
  [
    'IdempotencyKeyLimitReached',
    () => new IdempotencyKeyLimitReached(1_000, 1_234),
    {
      status: 429,
      slug: 'idempotency-key-limit',
      title: 'Too many idempotency keys',
      detail:
        'An account holds at most 1,000 Idempotency-Keys of the last 24 hours. The oldest of yours expire ' +
        'in 1234 s (Retry-After): send this request again then, or now without Idempotency-Key (a retry of ' +
        'it may then create a second todo).',
      headers: { 'Retry-After': '1234' },
    },
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

/** The response `expected` describes, as problemResponse builds it (requestId on a 5xx). */
function problemOf(expected: Expected) {
  return {
    statusCode: expected.status,
    headers: { ...expected.headers, 'content-type': 'application/problem+json' },
    body: JSON.stringify({
      type: PROBLEMS + expected.slug,
      title: expected.title,
      status: expected.status,
      detail: expected.detail,
      instance: INSTANCE,
      ...(expected.status >= 500 && { requestId: 'request-1' }),
    }),
  };
}

describe('problemResponse for a store failure', () => {
  it.each(cases)('answers %s with its problem, byte for byte', (name, make, expected) => {
    // Prepare
    const failure = make();
    // Act
    const { response, unexpected } = problemResponse(failure, INSTANCE, 'request-1', expected.method);
    // Assess
    expect(failure.name).toBe(name);
    expect(unexpected).toBe(false);
    expect(response).toEqual(problemOf(expected));
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

describe('problemResponse for a storage failure', () => {
  it.each([
    [
      'GET',
      'File storage is overloaded or did not answer in time. Retry after 5 seconds; quote the request id if it persists.',
    ],
    [
      'DELETE',
      'File storage is overloaded or did not answer in time, so this change may or may not have been made, in whole or in part. Retry after 5 seconds; a DELETE, a PATCH without If-Match and a POST /todos with the same Idempotency-Key are safe to repeat, read first before repeating anything else.',
    ],
  ])('answers StorageUnavailable on a %s with a 503 and Retry-After', (method, detail) => {
    const failure = new StorageUnavailable({ cause: Object.assign(new Error('slow'), { name: 'SlowDown' }) });

    const { response, unexpected } = problemResponse(failure, INSTANCE, 'request-1', method);

    expect(unexpected).toBe(false);
    expect(response).toEqual(problemOf(unavailable(detail, 5, method)));
  });
});
