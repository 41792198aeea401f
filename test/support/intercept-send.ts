/**
 * Puts something in the way of an SDK client's calls for one test: a fault (throw what AWS throws),
 * a race (run other requests first), or a look at what goes out. The correct form is the only form:
 *
 *   - it counts the calls it took (`count`), so a test can say how often it fired;
 *   - it undoes itself when the test finishes (vitest's onTestFinished), pass or fail, so nothing
 *     leaks into the next test; `restore()` undoes it sooner;
 *   - a test in which it never fired fails, naming it: a test cannot pass without the fault it is
 *     about, e.g. after the code under test stopped sending the command.
 *
 *   const throttle = interceptSend(documentClient, {
 *     name: 'a throttled TransactWriteItems',
 *     command: 'TransactWriteItemsCommand',
 *     times: 1,
 *     act: async () => { throw throttlingError(); },
 *   });
 *
 * It sits in the client's middleware stack, not in front of `send`: whatever wraps the client's
 * `send` meets what it throws exactly as it would meet AWS's own answer. `at` says where in the stack:
 *
 *   client.send ─► 'send' ─► marshal ─► 'request' ─► the SDK's retries ─► 'attempt' ─► signing ─► HTTP
 *
 *   - 'send' (the default): once per call, as the code sent it (a document client's input and output
 *     unmarshalled). An error thrown here is what the SDK throws once its own retries are spent.
 *   - 'request': once per call, the HTTP request built (`call.request`), before the SDK's retries:
 *     send it elsewhere, and the SDK's own timeouts and retries meet the result.
 *   - 'attempt': each attempt, below the SDK's retries (input marshalled): an error thrown here is
 *     retried by the SDK as a lost answer or a 5xx would be.
 *
 * Several interceptions of one client nest: at one place, the first installed is the outermost.
 */
import { onTestFinished } from 'vitest';

/** Where in the client's middleware stack (see above). */
export type InterceptAt = 'send' | 'request' | 'attempt';

const PLACEMENTS: Record<InterceptAt, object> = {
  send: { step: 'initialize', priority: 'high' },
  request: { step: 'build', priority: 'low' },
  attempt: { relation: 'after', toMiddleware: 'retryMiddleware' },
};

/** What an interception sees of the call it took. */
export interface InterceptedCall<Input> {
  readonly input: Input;
  /** The HTTP request, from `at: 'request'` on; changing it changes what is sent. */
  readonly request?: { hostname: string; port?: number };
}

export interface SendInterception<Input = Record<string, unknown>> {
  /** Names it in the failure of a test it never fired in. */
  name: string;
  /**
   * Which command it takes, as the SDK names it (`context.commandName`): `ListObjectsV2Command`;
   * for the document client the low-level name (`QueryCommand`, `GetItemCommand`,
   * `TransactWriteItemsCommand`). Other commands go on as usual.
   */
  command: string;
  /** Narrows it to calls whose input passes; all calls of `command` by default. */
  matches?(input: Input): boolean;
  /** How many calls it takes at most; later ones go on as usual. Unlimited by default. */
  times?: number;
  at?: InterceptAt;
  /**
   * Runs instead of the call and gives its output (or throws). `send()` sends the call on, past this
   * interception, and gives the output; `send(input)` sends it with another input.
   */
  act(call: InterceptedCall<Input>, send: (input?: Input) => Promise<unknown>): Promise<unknown>;
}

export interface InterceptedSend {
  /** How many calls it has taken so far. */
  readonly count: number;
  /** Stops now (it stops by itself when the test finishes). */
  restore(): void;
}

/** What the SDK's middleware stack offers (its types are internal to the SDK). */
interface MiddlewareStack {
  add(middleware: unknown, options: object): void;
  addRelativeTo(middleware: unknown, options: object): void;
  remove(name: string): boolean;
}
type Next = (args: object) => Promise<{ output: unknown; response?: unknown }>;

let installed = 0;

export function interceptSend<Input = Record<string, unknown>>(
  client: { middlewareStack: unknown },
  options: SendInterception<Input>,
): InterceptedSend {
  const stack = client.middlewareStack as MiddlewareStack;
  const name = `interceptSend-${++installed}`;
  const times = options.times ?? Number.POSITIVE_INFINITY;
  const state = { count: 0 };
  const restore = () => {
    stack.remove(name);
  };
  const middleware =
    (next: Next, context: { commandName?: string }) =>
    async (args: { input: Input; request?: InterceptedCall<Input>['request'] }) => {
      if (context.commandName !== options.command || state.count >= times) return next(args);
      if (options.matches && !options.matches(args.input)) return next(args);
      state.count++;
      // Spent before it acts, so that what `act` sends meanwhile goes past it.
      if (state.count >= times) restore();
      let response: unknown;
      const output = await options.act(args, async (input) => {
        const result = await next(input === undefined ? args : { ...args, input });
        response = result.response;
        return result.output;
      });
      return { output, response };
    };
  const placement = { ...PLACEMENTS[options.at ?? 'send'], name };
  if ('relation' in placement) stack.addRelativeTo(middleware, placement);
  else stack.add(middleware, placement);
  onTestFinished(() => {
    restore();
    if (state.count === 0)
      throw new Error(`${options.name} never happened: the test did not exercise what it describes.`);
  });
  return {
    get count() {
      return state.count;
    },
    restore,
  };
}
