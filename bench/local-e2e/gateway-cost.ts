/**
 * Benchmark 5, the local gateway's own cost: the local stack as `npm start` runs it, with every
 * function replaced by an echo (bench/fixtures/echo-handler.ts) that answers its event and touches
 * no DynamoDB, under autocannon with a real token and a browser's Origin header. Each request goes
 * through the whole gateway: the HTTP server, route matching, the JWT authorizer, the payload-v2
 * event, the invoke, the CORS headers of the answer and the log line. The figure is the CPU time the
 * stack's process spent per answered request (from /proc, Linux only).
 *
 * The same load against a bare `node:http` server in its own process (./bare-http-process.ts), in the
 * same runs, is the reference: what any Node HTTP server costs here, so the difference is the
 * gateway's code. Runs rotate the order of the cases, so each meets the same machine.
 */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { ulid } from 'ulidx';
import type { Echo } from '../fixtures/echo-handler';
import { newTodo } from '../requests';
import { round, type Sample, sampleOf } from '../statistics';
import { fromAutocannon, type RunFigures, successes } from './load-run';
import { processCpuMs } from './process-cpu';
import { startServerChild, startStackChild } from './stack-child';

/** Per case, before the measured runs: Node's JIT settles within a few thousand requests. */
const WARM_UP_SECONDS = 5;
/** A browser's Origin (the web app's), so the gateway adds its CORS headers as for the web app. */
const ORIGIN = 'http://127.0.0.1:5173';

export interface ServerFigures {
  /** CPU milliseconds of the serving process per answered request; absent where /proc is not. */
  cpuMsPerRequest?: Sample;
  /** Answered (2xx) requests per second. */
  throughput: Sample;
  p50Ms: Sample;
  p99Ms: Sample;
  /** Non-2xx answers and errors over all runs (should be 0). */
  failures: number;
}

export interface GatewayRoute {
  /** Through the local stack's gateway to the echo function. */
  gateway: ServerFigures;
  /** The same request to the bare `node:http` server. */
  bareHttp: ServerFigures;
  /** Median of per-run differences of CPU ms per request: the gateway's own code. */
  overBareMs?: Sample;
}

export interface GatewayCostResult {
  connections: number;
  seconds: number;
  runs: number;
  origin: string;
  routes: Record<string, GatewayRoute>;
  /** What the echo answered to the first request, checked before the load. */
  echo: Echo;
}

export interface GatewayCostOptions {
  workDir: string;
  connections: number;
  seconds: number;
  runs: number;
  progress(line: string): void;
}

interface LoadCase {
  routeKey: string;
  side: 'gateway' | 'bareHttp';
  pid: number;
  http: { url: string; method: string; headers: Record<string, string>; body?: string };
}

export async function measureGatewayCost(options: GatewayCostOptions): Promise<GatewayCostResult> {
  const { connections, seconds, runs } = options;
  const sub = `gateway-${randomUUID().slice(0, 8)}`;
  options.progress('gateway: starting the local stack with echo functions and a bare node:http server');
  const stack = await startStackChild(join(options.workDir, 'echo-stack-data'), sub, { echo: true });
  try {
    const bare = await startServerChild<{ url: string; pid: number }>(
      'bench/local-e2e/bare-http-process.ts',
      [],
      join(options.workDir, 'bare-http.log'),
    );
    try {
      const headers = { authorization: `Bearer ${stack.token}`, origin: ORIGIN };
      const todoId = ulid(); // what the contract's todoId is (the gateway does not check it)
      const echo = await checkEcho(`${stack.url}/todos/${todoId}`, headers, { sub, todoId });
      const requests = [
        { routeKey: 'GET /todos/{todoId}', path: `/todos/${todoId}`, method: 'GET', headers },
        {
          routeKey: 'POST /todos',
          path: '/todos',
          method: 'POST',
          headers: { ...headers, 'content-type': 'application/json' },
          body: JSON.stringify(newTodo),
        },
      ];
      const servers = [
        { side: 'gateway', url: stack.url, pid: stack.pid },
        { side: 'bareHttp', url: bare.url, pid: bare.pid },
      ] as const;
      const cases: LoadCase[] = requests.flatMap(({ routeKey, path, ...http }) =>
        servers.map(({ side, url, pid }) => ({
          routeKey,
          side,
          pid,
          http: { ...http, url: `${url}${path}` },
        })),
      );

      const warmUp = Math.min(WARM_UP_SECONDS, seconds);
      for (const { http } of cases) await autocannon({ ...http, connections, duration: warmUp });
      const measured = new Map<LoadCase, ServerRun[]>(cases.map((c) => [c, []]));
      for (let run = 0; run < runs; run++) {
        // Rotate the order so that no case always runs first or last.
        const order = cases.map((_, i) => cases[(i + run) % cases.length] as LoadCase);
        for (const loadCase of order) {
          const figures = await measureRun(loadCase, connections, seconds);
          measured.get(loadCase)?.push(figures);
          options.progress(
            `gateway ${run + 1}/${runs} ${loadCase.routeKey} ${loadCase.side === 'gateway' ? 'local gateway → echo' : 'bare node:http'}: ` +
              `${figures.throughput.toFixed(0)} req/s` +
              (Number.isNaN(figures.cpuMsPerRequest)
                ? ''
                : `, ${figures.cpuMsPerRequest.toFixed(3)} ms CPU per request`) +
              (figures.failures > 0 ? `, ${figures.failures} failed` : ''),
          );
        }
      }

      const routes: Record<string, GatewayRoute> = {};
      for (const routeKey of new Set(cases.map((c) => c.routeKey))) {
        const runsOf = (side: LoadCase['side']) =>
          measured.get(cases.find((c) => c.routeKey === routeKey && c.side === side) as LoadCase) ?? [];
        const gatewayRuns = runsOf('gateway');
        const bareRuns = runsOf('bareHttp');
        const differences = gatewayRuns.map(
          (r, i) => r.cpuMsPerRequest - (bareRuns[i]?.cpuMsPerRequest ?? Number.NaN),
        );
        routes[routeKey] = {
          gateway: figuresOf(gatewayRuns),
          bareHttp: figuresOf(bareRuns),
          ...(differences.every(Number.isFinite) ? { overBareMs: sampleOf(differences) } : {}),
        };
      }
      return { connections, seconds, runs, origin: ORIGIN, routes, echo };
    } finally {
      await bare.stop();
    }
  } finally {
    await stack.stop();
  }
}

/**
 * One request before the load: the echo must answer 200 with the route, the path parameter and the
 * token's sub (so the authorizer and the payload event ran), and the gateway must add the CORS header.
 */
async function checkEcho(
  url: string,
  headers: Record<string, string>,
  expected: { sub: string; todoId: string },
): Promise<Echo> {
  const response = await fetch(url, { headers });
  const text = await response.text();
  const echo = (response.ok ? JSON.parse(text) : undefined) as Echo | undefined;
  const cors = response.headers.get('access-control-allow-origin');
  if (
    echo?.routeKey !== 'GET /todos/{todoId}' ||
    echo.pathParameters.todoId !== expected.todoId ||
    echo.sub !== expected.sub ||
    !cors
  ) {
    throw new Error(
      `The echo stack answered GET /todos/{todoId} with ${response.status} (CORS origin ${cors}): ${text}. ` +
        'It should echo the route, the todoId and the sub of the token; see the stack log under the work directory.',
    );
  }
  return echo;
}

/** A run's load figures and the serving process's CPU ms per answered request (NaN when unknown). */
interface ServerRun extends RunFigures {
  cpuMsPerRequest: number;
}

async function measureRun(loadCase: LoadCase, connections: number, seconds: number): Promise<ServerRun> {
  const before = processCpuMs(loadCase.pid);
  const result = await autocannon({ ...loadCase.http, connections, duration: seconds });
  const after = processCpuMs(loadCase.pid);
  const answered = successes(result);
  const known = before !== undefined && after !== undefined && answered > 0;
  return { ...fromAutocannon(result), cpuMsPerRequest: known ? (after - before) / answered : Number.NaN };
}

function figuresOf(runs: ServerRun[]): ServerFigures {
  const cpu = runs.map((r) => r.cpuMsPerRequest);
  return {
    ...(cpu.every(Number.isFinite) ? { cpuMsPerRequest: sampleOf(cpu) } : {}),
    throughput: sampleOf(runs.map((r) => round(r.throughput, 1))),
    p50Ms: sampleOf(runs.map((r) => r.p50)),
    p99Ms: sampleOf(runs.map((r) => r.p99)),
    failures: runs.reduce((sum, r) => sum + r.failures, 0),
  };
}
