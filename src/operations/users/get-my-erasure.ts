/** GET /users/me/erasure: how far the caller's erasure got (404 when none was requested). */
import type { OperationHandler } from '../../http/operation';
import { readErasure } from '../../store/erasure-requests';
import { erasureOf } from '../erasure/erasure-representation';

export const getMyErasure: OperationHandler<'getMyErasure'> = async ({ caller }) => ({
  status: 200,
  body: erasureOf(await readErasure(caller.sub)),
});
