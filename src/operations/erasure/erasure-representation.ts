/**
 * The contract's Erasure out of a stored request: every step in the order it runs, done or still
 * pending. The profile (with the username and email it reserved) is gone when the request is
 * answered: it went in the same transaction that recorded the request.
 */
import type { components } from '../../../generated/openapi';
import type { ErasureRequest } from '../../store/erasure-requests';

export type Erasure = components['schemas']['Erasure'];

const ORDER = ['identity', 'items', 'files', 'done'] as const;

export function erasureOf(request: ErasureRequest): Erasure {
  const reached = ORDER.indexOf(request.step);
  const status = (step: (typeof ORDER)[number]) => (reached > ORDER.indexOf(step) ? 'done' : 'pending');
  return {
    status: request.status,
    requestedAt: request.requestedAt,
    ...(request.completedAt ? { completedAt: request.completedAt } : {}),
    steps: [
      { step: 'profile', status: 'done' },
      { step: 'sign-in', status: status('identity') },
      { step: 'todos', status: status('items') },
      { step: 'files', status: status('files') },
    ],
  };
}
