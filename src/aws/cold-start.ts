/**
 * Whether this invocation is the container's first: logged once per container by whichever handler
 * runs first (a request, a bucket event, a batch of table changes). A module of its own so that a
 * function with no HTTP routes (the erasure function) need not bundle the HTTP layer for it.
 */
let coldStart = true;

/** True for the container's first invocation only, whichever kind of event it served. */
export function takeColdStart(): boolean {
  const cold = coldStart;
  coldStart = false;
  return cold;
}
