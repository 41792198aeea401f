/**
 * GET /health: public, and honest about what the function needs. 200 when DynamoDB and S3 answered
 * the function's latest check; 503 problem+json with Retry-After, naming which did not, until they
 * do again. The check is cached per container (./dependency-check.ts), so a public route cannot be
 * used to multiply calls to either. The version is the contract's info.version, generated with the
 * validators.
 */
import { apiVersion } from '../../generated/validators/users';
import { ServiceUnavailableError } from '../http/errors';
import type { OperationHandler } from '../http/operation';
import { probeTable } from '../store/table-probe';
import {
  createDependencyCheck,
  DEPENDENCY_CHECK_INTERVAL_MS,
  type DependencyReport,
} from './dependency-check';

/** The S3 client is loaded on the first check, not at cold start: most requests never need it. */
const probeBucket = async (signal: AbortSignal) =>
  (await import('../storage/bucket-probe')).probeBucket(signal);

export const checkDependencies = createDependencyCheck({
  probes: [
    { name: 'DynamoDB', probe: probeTable },
    { name: 'S3', probe: probeBucket },
  ],
});

/** The health operation over any dependency check (tests give their own). */
export function createGetHealth(check: () => Promise<DependencyReport>): OperationHandler<'getHealth'> {
  return async () => {
    const { failing, causes } = await check();
    if (failing.length > 0) {
      const retryAfter = Math.ceil(DEPENDENCY_CHECK_INTERVAL_MS / 1000);
      const names = failing.join(' and ');
      throw new ServiceUnavailableError(
        `${names} did not answer this function's check: requests that need ${failing.length > 1 ? 'them' : 'it'} ` +
          `fail until ${failing.length > 1 ? 'they answer' : 'it answers'} again. Retry after ${retryAfter} seconds.`,
        retryAfter,
        { cause: new AggregateError(causes) },
      );
    }
    return { status: 200, body: { status: 'ok', version: apiVersion } };
  };
}

export const getHealth = createGetHealth(checkDependencies);
