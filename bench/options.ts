/**
 * How much the bench measures. `fullRun` is what `npm run bench` does (the counts the budgets are
 * written for: 1,000 and 10,000 requests for memory, 10,000 todos for a page); the smoke test uses
 * `smokeRun`, which exercises every code path with tiny counts. Command-line flags of bench/run.ts
 * override single values.
 */
export interface BenchOptions {
  coldStartRuns: number;
  memoryRuns: number;
  /** Request counts after which memory is read: [first, last] ("after 1,000" and "after 10,000"). */
  memoryMilestones: number[];
  warmRequests: number;
  warmRuns: number;
  /** `false` skips the gateway benchmark (a local stack with echo functions, and a bare HTTP server). */
  gateway: false | { connections: number; seconds: number; runs: number };
  /** `false` skips the end-to-end benchmark (and the local stack with the real functions). */
  endToEnd: false | { connections: number; seconds: number; runs: number };
  scaling: {
    small: number;
    large: number;
    pages: number;
    runs: number;
    purgeTodos: number;
    purgeAttachments: number;
  };
  cost: { requests: number; runs: number };
  /** Re-bundle each function with esbuild's metafile to attribute its bytes to packages. */
  analyzeBundles: boolean;
  /** Where the functions are built (`dist` when absent, as `npm run build`). */
  buildDir?: string;
  /** An already running DynamoDB Local to use instead of starting one (only without end to end). */
  dynamodbEndpoint?: string;
}

export const fullRun: BenchOptions = {
  coldStartRuns: 21,
  memoryRuns: 5,
  memoryMilestones: [1_000, 10_000],
  warmRequests: 10_000,
  warmRuns: 5,
  gateway: { connections: 10, seconds: 5, runs: 5 },
  endToEnd: { connections: 10, seconds: 10, runs: 5 },
  scaling: { small: 10, large: 10_000, pages: 20, runs: 5, purgeTodos: 1_000, purgeAttachments: 50 },
  cost: { requests: 20, runs: 5 },
  analyzeBundles: true,
};

export const smokeRun: BenchOptions = {
  coldStartRuns: 1,
  memoryRuns: 1,
  memoryMilestones: [10, 40],
  warmRequests: 100,
  warmRuns: 1,
  gateway: { connections: 2, seconds: 1, runs: 1 },
  endToEnd: false,
  scaling: { small: 10, large: 40, pages: 2, runs: 1, purgeTodos: 30, purgeAttachments: 5 },
  cost: { requests: 2, runs: 1 },
  analyzeBundles: false,
};
