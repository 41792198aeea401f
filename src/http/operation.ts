/**
 * Types that tie every operation handler to the contract. For operation `K` a handler receives the
 * request parts the contract declares for `K` (already validated) and may only return a success
 * status, body and headers that the contract declares for `K`: anything else is a compile error.
 * Failures are thrown as `HttpError`s (./errors.ts) and turned into problem+json in one place.
 */
import type { operations } from '../../generated/openapi';
import type { PublicOperationId } from '../../generated/public-operations';

/**
 * What the types below are computed from: a contract's generated `operations` (openapi-typescript) and
 * the union of its operations without security. Every type defaults to this API's; the type tests
 * pass a fixture contract's instead.
 */
export interface ContractTypes {
  operations: object;
  publicOperationId: string;
}

/** This API: generated/openapi.d.ts and generated/public-operations.d.ts. */
export interface ApiTypes extends ContractTypes {
  operations: operations;
  publicOperationId: PublicOperationId;
}

export type OperationId<C extends ContractTypes = ApiTypes> = keyof C['operations'] & string;

type Op<K extends OperationId<C>, C extends ContractTypes> = C['operations'][K];
type Responses<K extends OperationId<C>, C extends ContractTypes> =
  Op<K, C> extends { responses: infer R } ? R : never;

/** Drops the `[name: string]: unknown` index signature openapi-typescript adds to header maps. */
type KnownKeys<T> = { [P in keyof T as string extends P ? never : number extends P ? never : P]: T[P] };

type ContentOf<T> = T extends { content: infer C } ? C[keyof C] : undefined;

/** The request body: the schema of its (single) media type; `undefined` for operations without one. */
export type RequestBody<K extends OperationId<C>, C extends ContractTypes = ApiTypes> =
  Op<K, C> extends { requestBody: infer B }
    ? ContentOf<B>
    : Op<K, C> extends { requestBody?: infer B }
      ? ContentOf<NonNullable<B>> | undefined
      : undefined;

type Params<K extends OperationId<C>, C extends ContractTypes> =
  Op<K, C> extends { parameters: infer P } ? P : never;
/** Nothing: an operation without parameters of that kind. */
type NoParams = Record<never, never>;
type PartOf<P, Where extends string> = P extends { [W in Where]?: infer T }
  ? [T] extends [never]
    ? NoParams
    : NonNullable<T>
  : NoParams;

export type PathParams<K extends OperationId<C>, C extends ContractTypes = ApiTypes> = PartOf<
  Params<K, C>,
  'path'
>;
export type QueryParams<K extends OperationId<C>, C extends ContractTypes = ApiTypes> = PartOf<
  Params<K, C>,
  'query'
>;
/** Header parameters, lower-cased as payload-v2 events deliver them (`If-Match` → `if-match`). */
export type HeaderParams<K extends OperationId<C>, C extends ContractTypes = ApiTypes> = {
  [H in keyof PartOf<Params<K, C>, 'header'> as Lowercase<H & string>]: PartOf<Params<K, C>, 'header'>[H];
};

/** Who is calling: the JWT authorizer's verified claims (`sub` is the owner of everything). */
export interface Caller {
  sub: string;
}

export interface OperationRequest<K extends OperationId<C>, C extends ContractTypes = ApiTypes> {
  body: RequestBody<K, C>;
  path: PathParams<K, C>;
  query: QueryParams<K, C>;
  headers: HeaderParams<K, C>;
  /** `undefined` only on the operations the contract leaves public (`security: []`). */
  caller: K extends C['publicOperationId'] ? undefined : Caller;
  /** The raw path as the client sent it, for `instance` in problems. */
  rawPath: string;
  /**
   * What precedes the route in rawPath: `/v1` behind a custom domain's API mapping, `` on the
   * default endpoint. Location headers start with it so they resolve against the client's URL.
   */
  basePath: string;
  requestId: string;
}

type SuccessStatus<K extends OperationId<C>, C extends ContractTypes> = Extract<
  keyof Responses<K, C>,
  200 | 201 | 202 | 204
>;

type HeadersPart<R> = R extends { headers: infer H }
  ? keyof KnownKeys<H> extends never
    ? { headers?: Record<string, string> }
    : { headers: { [P in keyof KnownKeys<H>]: string } & Record<string, string> }
  : { headers?: Record<string, string> };

type BodyPart<R> = ContentOf<R> extends undefined ? { body?: undefined } : { body: ContentOf<R> };

/** One of the success responses the contract declares for `K`, with its body and required headers. */
export type OperationResult<K extends OperationId<C>, C extends ContractTypes = ApiTypes> = {
  [S in SuccessStatus<K, C>]: { status: S } & BodyPart<Responses<K, C>[S]> & HeadersPart<Responses<K, C>[S]>;
}[SuccessStatus<K, C>];

export type OperationHandler<K extends OperationId<C>, C extends ContractTypes = ApiTypes> = (
  request: OperationRequest<K, C>,
) => Promise<OperationResult<K, C>>;

/** The handlers of one Lambda function, keyed by operationId. */
export type OperationHandlers<K extends OperationId<C>, C extends ContractTypes = ApiTypes> = {
  [P in K]: OperationHandler<P, C>;
};
