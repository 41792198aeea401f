/**
 * The HTTP layer's typed errors: what the request pipeline refuses (validation, JSON, identity, media
 * type, route), and the generic statuses ./store-problems.ts and ./storage-problems.ts answer the
 * lower layers' failures with. Each
 * carries its HTTP status and RFC 9457 problem `type`; ./problem.ts is the one place that turns them
 * (and anything unexpected) into problem+json.
 */
export const PROBLEM_BASE = 'https://swiftyplanner.dev/problems/';

export interface FieldError {
  /** JSON Pointer into the request: `/body/title`, `/query/limit`, `/path/todoId`, `/headers/if-match`. */
  pointer: string;
  message: string;
}

export class HttpError extends Error {
  override name = 'HttpError';
  constructor(
    readonly status: number,
    /** The problem type's slug, appended to PROBLEM_BASE. */
    readonly slug: string,
    readonly title: string,
    /** A sentence for a person: what is wrong and what to do about it. */
    readonly detail: string,
    options?: ErrorOptions & { errors?: FieldError[]; headers?: Record<string, string> },
  ) {
    super(detail, options);
    this.errors = options?.errors;
    this.headers = options?.headers;
  }
  readonly errors: FieldError[] | undefined;
  readonly headers: Record<string, string> | undefined;
  get type(): string {
    return PROBLEM_BASE + this.slug;
  }
}

/**
 * A body of 150,000 unknown properties fails 150,000 times: listing them all made an 8.9 MB problem
 * (over Lambda's 6 MB response limit). The first ones say enough to fix the request.
 */
export const MAX_LISTED_FIELD_ERRORS = 50;

export class ValidationError extends HttpError {
  override name = 'ValidationError';
  constructor(errors: FieldError[], options?: ErrorOptions) {
    const n = errors.length;
    const listed = n > MAX_LISTED_FIELD_ERRORS ? `; the first ${MAX_LISTED_FIELD_ERRORS} are listed` : '';
    super(
      400,
      'validation-error',
      'Request does not match the contract',
      `${n} field${n === 1 ? ' is' : 's are'} invalid${listed}.`,
      {
        ...options,
        errors: errors.slice(0, MAX_LISTED_FIELD_ERRORS),
      },
    );
  }
}

export class MalformedJsonError extends HttpError {
  override name = 'MalformedJsonError';
  constructor(detail: string, options?: ErrorOptions) {
    super(400, 'malformed-json', 'Malformed JSON', detail, options);
  }
}

export class UnauthenticatedError extends HttpError {
  override name = 'UnauthenticatedError';
  constructor(detail = 'The request carries no verified identity. Send a bearer token.') {
    super(401, 'unauthorized', 'Unauthorized', detail);
  }
}

export class NotFoundError extends HttpError {
  override name = 'NotFoundError';
  constructor(detail: string, options?: ErrorOptions) {
    super(404, 'not-found', 'Not found', detail, options);
  }
}

export class ConflictError extends HttpError {
  override name = 'ConflictError';
  constructor(slug: string, title: string, detail: string, options?: ErrorOptions) {
    super(409, slug, title, detail, options);
  }
}

export class PreconditionFailedError extends HttpError {
  override name = 'PreconditionFailedError';
  constructor(detail: string, options?: ErrorOptions & { headers?: Record<string, string> }) {
    super(412, 'precondition-failed', 'Precondition failed', detail, options);
  }
}

/**
 * The request was fine, but a dependency could not serve it in time, or other writes kept winning:
 * the same request may succeed later. `Retry-After` says when (RFC 9110 §10.2.3, delay-seconds).
 */
export class ServiceUnavailableError extends HttpError {
  override name = 'ServiceUnavailableError';
  constructor(detail: string, retryAfterSeconds: number, options?: ErrorOptions) {
    super(503, 'service-unavailable', 'Service unavailable', detail, {
      ...options,
      headers: { 'Retry-After': String(retryAfterSeconds) },
    });
  }
}

export class UnsupportedMediaTypeError extends HttpError {
  override name = 'UnsupportedMediaTypeError';
  /** `detail` replaces the default sentence, for a known media type in a charset JSON is not. */
  constructor(expected: string[], options?: ErrorOptions & { detail?: string }) {
    super(
      415,
      'unsupported-media-type',
      'Unsupported media type',
      options?.detail ?? `Send the body as ${expected.join(' or ')}.`,
      options,
    );
  }
}
