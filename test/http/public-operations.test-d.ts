/**
 * Which handlers get a caller is generated, not written down: `npm run generate` emits the union of
 * the operations whose effective security is empty, and OperationRequest gives exactly those
 * `caller: undefined`. Shown on a fixture contract with two public operations
 * (./fixtures/public-operations: its generated/ is the generator's output) and on this API's own.
 */
import { describe, expectTypeOf, it } from 'vitest';
import type { PublicOperationId as ApiPublicOperationId } from '../../generated/public-operations';
import type {
  Caller,
  ContractTypes,
  OperationHandler,
  OperationHandlers,
  OperationRequest,
} from '../../src/http/operation';
import type { operations } from './fixtures/public-operations/generated/openapi';
import type { PublicOperationId } from './fixtures/public-operations/generated/public-operations';

interface Fixture extends ContractTypes {
  operations: operations;
  publicOperationId: PublicOperationId;
}

describe('PublicOperationId', () => {
  it('is every operation with `security: []`, and only those', () => {
    expectTypeOf<PublicOperationId>().toEqualTypeOf<'getHealth' | 'listAnnouncements'>();
    expectTypeOf<ApiPublicOperationId>().toEqualTypeOf<'getHealth'>();
  });
});

describe('OperationRequest of a contract with two public operations', () => {
  it('gives both public handlers no caller and the secured ones a Caller', () => {
    expectTypeOf<OperationRequest<'getHealth', Fixture>['caller']>().toEqualTypeOf<undefined>();
    expectTypeOf<OperationRequest<'listAnnouncements', Fixture>['caller']>().toEqualTypeOf<undefined>();
    // Secured by the document's requirement, and by its own.
    expectTypeOf<OperationRequest<'getNote', Fixture>['caller']>().toEqualTypeOf<Caller>();
    expectTypeOf<OperationRequest<'createNote', Fixture>['caller']>().toEqualTypeOf<Caller>();
  });

  it("types the other request parts and results from the fixture's operations", () => {
    expectTypeOf<OperationRequest<'getNote', Fixture>['path']>().toEqualTypeOf<{ noteId: string }>();
    expectTypeOf<OperationRequest<'createNote', Fixture>['body']>().toEqualTypeOf<{ text: string }>();
  });

  it('lets a public handler answer without a caller, and not read one', () => {
    const listAnnouncements: OperationHandler<'listAnnouncements', Fixture> = async ({ caller }) => {
      expectTypeOf(caller).toEqualTypeOf<undefined>();
      return { status: 200, body: ['welcome'] };
    };
    const leaky: OperationHandler<'listAnnouncements', Fixture> = async ({ caller }) => ({
      status: 200,
      // @ts-expect-error a public operation has no caller whose sub could be read
      body: [caller.sub],
    });
    const handlers: OperationHandlers<'getHealth' | 'listAnnouncements' | 'createNote', Fixture> = {
      getHealth: async () => ({ status: 200, body: { status: 'ok' } }),
      listAnnouncements,
      createNote: async ({ body, caller }) => ({
        status: 201,
        body: { text: `${caller.sub}: ${body.text}` },
      }),
    };
    void [leaky, handlers];
  });
});
