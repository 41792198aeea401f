/**
 * Puts something in front of an SDK client's `send` for one test: a fault (throw what AWS throws),
 * a race (run other requests first), or a look at what goes out. The correct form is the only form:
 *
 *   - it counts the commands it intercepted (`count`), so a test can say how often it fired;
 *   - it undoes itself when the test finishes (vitest's onTestFinished), pass or fail, so nothing
 *     leaks into the next test; `restore()` undoes it sooner;
 *   - a test in which it never fired fails, naming it: a test cannot pass without the fault it is
 *     about, e.g. after the code under test stopped sending the command.
 *
 *   const throttle = interceptSend(documentClient, {
 *     name: 'a throttled TransactWriteItems',
 *     matches: (command) => command instanceof TransactWriteCommand,
 *     times: 1,
 *     act: async () => { throw throttlingError(); },
 *   });
 *
 * Interceptions of one client stack: the latest one that matches a command gets it, and each one
 * can be restored in any order.
 */
import { onTestFinished } from 'vitest';

/** A client as the SDK's are: `send(command)` returns a promise. */
type Sending = { send(command: never, ...rest: never[]): Promise<unknown> };

export interface SendInterception<Command = unknown> {
  /** Names it in the failure of a test it never fired in. */
  name: string;
  /** Which commands it takes; the others go on as usual. */
  matches(command: unknown): boolean;
  /** How many matching commands it takes at most; later ones go on as usual. Unlimited by default. */
  times?: number;
  /** Runs instead of the command; `send()` sends the command for real (past this interception). */
  act(command: Command, send: () => Promise<unknown>): Promise<unknown>;
}

export interface InterceptedSend {
  /** How many commands it has taken so far. */
  readonly count: number;
  /** Stops now (it stops by itself when the test finishes). */
  restore(): void;
}

interface Interceptor {
  options: SendInterception<never>;
  handle: { count: number };
}

/** The interceptors in front of each client, latest last, and what `send` was before the first. */
const installed = new WeakMap<object, { interceptors: Interceptor[]; restoreSend(): void }>();

export function interceptSend<Command = unknown>(
  client: Sending,
  options: SendInterception<Command>,
): InterceptedSend {
  const interceptors = interceptorsOf(client);
  const interceptor: Interceptor = {
    options: options as SendInterception<never>,
    handle: { count: 0 },
  };
  interceptors.push(interceptor);
  const restore = () => {
    const at = interceptors.indexOf(interceptor);
    if (at >= 0) interceptors.splice(at, 1);
    if (interceptors.length === 0) {
      installed.get(client)?.restoreSend();
      installed.delete(client);
    }
  };
  onTestFinished(() => {
    restore();
    if (interceptor.handle.count === 0)
      throw new Error(`${options.name} never happened: the test did not exercise what it describes.`);
  });
  return {
    get count() {
      return interceptor.handle.count;
    },
    restore,
  };
}

function interceptorsOf(client: Sending): Interceptor[] {
  const existing = installed.get(client);
  if (existing) return existing.interceptors;
  const interceptors: Interceptor[] = [];
  const hadOwnSend = Object.hasOwn(client, 'send');
  const original = client.send;
  /** Sends `command` through the interceptors below index `below`, then the client itself. */
  const sendPast = (below: number, command: unknown, rest: unknown[]): Promise<unknown> => {
    for (let i = below - 1; i >= 0; i--) {
      const interceptor = interceptors[i] as Interceptor;
      const { options, handle } = interceptor;
      if (!options.matches(command)) continue;
      handle.count++;
      // Spent before it acts, so that what `act` sends meanwhile goes past it.
      if (handle.count >= (options.times ?? Number.POSITIVE_INFINITY)) interceptors.splice(i, 1);
      return options.act(command as never, () => {
        const at = interceptors.indexOf(interceptor);
        return sendPast(at >= 0 ? at : Math.min(i, interceptors.length), command, rest);
      });
    }
    return (original as (...args: unknown[]) => Promise<unknown>).call(client, command, ...rest);
  };
  Object.defineProperty(client, 'send', {
    configurable: true,
    writable: true,
    value: (command: unknown, ...rest: unknown[]) => sendPast(interceptors.length, command, rest),
  });
  installed.set(client, {
    interceptors,
    restoreSend: () => {
      if (hadOwnSend)
        Object.defineProperty(client, 'send', { configurable: true, writable: true, value: original });
      else delete (client as { send?: unknown }).send;
    },
  });
  return interceptors;
}
