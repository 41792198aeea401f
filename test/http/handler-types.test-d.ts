/**
 * What the contract promises at compile time: a handler for operation K receives K's request parts
 * typed from generated/openapi.d.ts and may only return a status, body and headers K declares.
 * Each `@ts-expect-error` below fails the type check if the line it guards ever compiles.
 */
import { describe, expectTypeOf, it } from 'vitest';
import type { components } from '../../generated/openapi';
import { type FunctionOperationId, operations } from '../../generated/validators/users';
import { createFunctionHandler } from '../../src/http/function-handler';
import type {
  OperationHandler,
  OperationHandlers,
  OperationRequest,
  OperationResult,
} from '../../src/http/operation';

type User = components['schemas']['User'];
declare const user: User;

describe('OperationResult', () => {
  it('accepts exactly the declared success responses', () => {
    expectTypeOf<{ status: 201; body: User; headers: { ETag: string; Location: string } }>().toMatchTypeOf<
      OperationResult<'createUser'>
    >();
    expectTypeOf<{ status: 204 }>().toMatchTypeOf<OperationResult<'deleteTodo'>>();
    expectTypeOf<OperationResult<'deleteMyUser'>['status']>().toEqualTypeOf<202>();
    expectTypeOf<OperationResult<'createUser'>['status']>().toEqualTypeOf<201>();
    expectTypeOf<OperationResult<'updateMyUser'>['status']>().toEqualTypeOf<200>();
  });

  it('rejects an undeclared status', () => {
    const a: OperationResult<'createUser'> = {
      // @ts-expect-error createUser declares 201, not 200
      status: 200,
      body: user,
      headers: { ETag: '"1"', Location: '/users/me' },
    };
    // @ts-expect-error errors are thrown as HttpError, never returned
    const b: OperationResult<'getMyUser'> = { status: 404, body: user, headers: { ETag: '"1"' } };
    void [a, b];
  });

  it('rejects a wrong body', () => {
    const a: OperationResult<'getMyUser'> = {
      status: 200,
      // @ts-expect-error a User needs userId, version, ...
      body: { username: 'ada' },
      headers: { ETag: '"1"' },
    };
    const b: OperationResult<'getMyUser'> = {
      status: 200,
      // @ts-expect-error version is a number
      body: { ...user, version: '1' },
      headers: { ETag: '"1"' },
    };
    // @ts-expect-error a 204 has no body
    const c: OperationResult<'deleteTodo'> = { status: 204, body: user };
    // @ts-expect-error Health.status is 'ok' only
    const d: OperationResult<'getHealth'> = { status: 200, body: { status: 'fine', version: '1' } };
    void [a, b, c, d];
  });

  it('requires the declared headers', () => {
    // @ts-expect-error getMyUser's 200 declares ETag
    const a: OperationResult<'getMyUser'> = { status: 200, body: user };
    // @ts-expect-error createUser's 201 declares ETag and Location
    const b: OperationResult<'createUser'> = { status: 201, body: user, headers: { ETag: '"1"' } };
    void [a, b];
  });
});

describe('OperationRequest', () => {
  it('types each part from the contract', () => {
    expectTypeOf<OperationRequest<'createUser'>['body']>().toEqualTypeOf<
      components['schemas']['UserCreate']
    >();
    expectTypeOf<OperationRequest<'updateMyUser'>['body']>().toEqualTypeOf<
      components['schemas']['UserPatch']
    >();
    expectTypeOf<OperationRequest<'updateMyUser'>['headers']>().toEqualTypeOf<{ 'if-match'?: string }>();
    expectTypeOf<OperationRequest<'getMyUser'>['body']>().toEqualTypeOf<undefined>();
    expectTypeOf<OperationRequest<'listTodos'>['query']['limit']>().toEqualTypeOf<number | undefined>();
    expectTypeOf<OperationRequest<'getTodo'>['path']>().toEqualTypeOf<{ todoId: string }>();
    expectTypeOf<OperationRequest<'getHealth'>['caller']>().toEqualTypeOf<undefined>();
    expectTypeOf<OperationRequest<'getMyUser'>['caller']>().toEqualTypeOf<{ sub: string }>();
  });
});

describe('createFunctionHandler', () => {
  const createUser: OperationHandler<'createUser'> = async ({ body, caller }) => ({
    status: 201,
    body: { ...body, userId: caller.sub, createdAt: '', updatedAt: '', version: 1 },
    headers: { ETag: '"1"', Location: '/users/me' },
  });

  it('accepts handlers under their own operationId', () => {
    createFunctionHandler(operations, { createUser });
    createFunctionHandler(operations, {
      getHealth: async () => ({ status: 200, body: { status: 'ok', version: '1.0.0' } }),
    });
  });

  it('rejects a handler under another operation', () => {
    // @ts-expect-error createUser answers 201 with a body; getMyUser declares 200 with ETag
    createFunctionHandler(operations, { getMyUser: createUser });
  });

  it('rejects an inline handler that answers an undeclared status', () => {
    createFunctionHandler(operations, {
      // @ts-expect-error deleteMyUser declares 202 (with the erasure and its Location) only
      deleteMyUser: async () => ({ status: 204 }),
    });
  });

  it("makes a function's handler map name every operation the contract routes to it", () => {
    // The users function's operations, not the todos function's.
    expectTypeOf<'createUser'>().toMatchTypeOf<FunctionOperationId>();
    expectTypeOf<'listTodos'>().not.toMatchTypeOf<FunctionOperationId>();
    // @ts-expect-error getHealth, getMyUser, updateMyUser, deleteMyUser and getMyErasure have no handler
    const partial: OperationHandlers<FunctionOperationId> = { createUser };
    void partial;
  });
});
