/**
 * Types that tie every operation handler to the contract. For operation `K` a handler receives the
 * request parts the contract declares for `K` (already validated) and may only return a success
 * status, body and headers that the contract declares for `K`: anything else is a compile error.
 * Failures are thrown as `HttpError`s (./errors.ts) and turned into problem+json in one place.
 */
import type { operations } from '../../generated/openapi';

export type OperationId = keyof operations;

type Op<K extends OperationId> = operations[K];
type Responses<K extends OperationId> = Op<K>['responses'];

/** Drops the `[name: string]: unknown` index signature openapi-typescript adds to header maps. */
type KnownKeys<T> = { [P in keyof T as string extends P ? never : number extends P ? never : P]: T[P] };

type ContentOf<T> = T extends { content: infer C } ? C[keyof C] : undefined;

/** The request body: the schema of its (single) media type; `undefined` for operations without one. */
export type RequestBody<K extends OperationId> =
  Op<K> extends { requestBody: infer B }
    ? ContentOf<B>
    : Op<K> extends { requestBody?: infer B }
      ? ContentOf<NonNullable<B>> | undefined
      : undefined;

type Params<K extends OperationId> = Op<K>['parameters'];
/** Nothing: an operation without parameters of that kind. */
type NoParams = Record<never, never>;
type PartOf<P, Where extends string> = P extends { [W in Where]?: infer T }
  ? [T] extends [never]
    ? NoParams
    : NonNullable<T>
  : NoParams;

export type PathParams<K extends OperationId> = PartOf<Params<K>, 'path'>;
export type QueryParams<K extends OperationId> = PartOf<Params<K>, 'query'>;
/** Header parameters, lower-cased as payload-v2 events deliver them (`If-Match` → `if-match`). */
export type HeaderParams<K extends OperationId> = {
  [H in keyof PartOf<Params<K>, 'header'> as Lowercase<H & string>]: PartOf<Params<K>, 'header'>[H];
};

/** Who is calling: the JWT authorizer's verified claims (`sub` is the owner of everything). */
export interface Caller {
  sub: string;
}

export interface OperationRequest<K extends OperationId> {
  body: RequestBody<K>;
  path: PathParams<K>;
  query: QueryParams<K>;
  headers: HeaderParams<K>;
  /** `undefined` only on routes with `security: []`. */
  caller: K extends 'getHealth' ? undefined : Caller;
  /** The raw path as the client sent it, for `instance` in problems. */
  rawPath: string;
  /**
   * What precedes the route in rawPath: `/v1` behind a custom domain's API mapping, `` on the
   * default endpoint. Location headers start with it so they resolve against the client's URL.
   */
  basePath: string;
  requestId: string;
}

type SuccessStatus<K extends OperationId> = Extract<keyof Responses<K>, 200 | 201 | 202 | 204>;

type HeadersPart<R> = R extends { headers: infer H }
  ? keyof KnownKeys<H> extends never
    ? { headers?: Record<string, string> }
    : { headers: { [P in keyof KnownKeys<H>]: string } & Record<string, string> }
  : { headers?: Record<string, string> };

type BodyPart<R> = ContentOf<R> extends undefined ? { body?: undefined } : { body: ContentOf<R> };

/** One of the success responses the contract declares for `K`, with its body and required headers. */
export type OperationResult<K extends OperationId> = {
  [S in SuccessStatus<K>]: { status: S } & BodyPart<Responses<K>[S]> & HeadersPart<Responses<K>[S]>;
}[SuccessStatus<K>];

export type OperationHandler<K extends OperationId> = (
  request: OperationRequest<K>,
) => Promise<OperationResult<K>>;

/** The handlers of one Lambda function, keyed by operationId. */
export type OperationHandlers<K extends OperationId> = { [P in K]: OperationHandler<P> };
