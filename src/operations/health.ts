/** GET /health: liveness, public. The version is the contract's info.version, generated with the validators. */
import { apiVersion } from '../../generated/validators/users';
import type { OperationHandler } from '../http/operation';

export const getHealth: OperationHandler<'getHealth'> = async () => ({
  status: 200,
  body: { status: 'ok', version: apiVersion },
});
