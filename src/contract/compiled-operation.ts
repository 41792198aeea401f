import type { ErrorObject } from 'ajv';

/** A validator compiled ahead of time by `npm run generate` (Ajv standalone code). */
export interface ValidateFunction {
  (data: unknown): boolean;
  errors?: ErrorObject[] | null;
}

/** The scalar type a parameter's string value is coerced to before validation. */
export type ParameterType = 'string' | 'integer' | 'number' | 'boolean';

export interface CompiledParameters {
  validate: ValidateFunction;
  /** Parameter name → type; header names are lower-cased, as they arrive in payload-v2 events. */
  types: Record<string, ParameterType>;
}

/** Everything the Lambda needs to validate one operation's request, keyed by its routeKey. */
export interface CompiledOperation {
  operationId: string;
  /** `security: []` in the contract (GET /health): no caller identity needed. Absent means secured. */
  public?: boolean;
  path?: CompiledParameters;
  query?: CompiledParameters;
  headers?: CompiledParameters;
  body?: { required: boolean; media: Record<string, ValidateFunction> };
  /** pattern → the contract's description of it, so that a failed pattern reads as a sentence. */
  patterns?: Record<string, string>;
}
