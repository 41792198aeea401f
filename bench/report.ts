/**
 * bench/results.json → tables: one per benchmark, each row a figure with its baseline, the
 * difference or ratio, and the budget's verdict. The console (bench/run.ts) and bench/README.md
 * (bench/readme.ts) render the same tables.
 */
import type { BenchResults } from './benchmarks';
import type { BudgetCheck } from './budgets';
import type { ServerFigures } from './local-e2e/gateway-cost';
import type { Sample } from './statistics';

export interface Table {
  title: string;
  note: string;
  header: string[];
  rows: string[][];
}

/** No figure: undefined, NaN, or null (what JSON.stringify makes of NaN in bench/results.json). */
const f = (value: number | null | undefined, digits = 1): string =>
  value === undefined || value === null || Number.isNaN(value) ? '–' : value.toFixed(digits);
const m = (sample: Sample | undefined, digits = 1): string => f(sample?.median, digits);

/** How the bundles are named in every table: the baselines by their letter, (a) and (b). */
export function labelOf(name: string): string {
  if (name === 'empty') return '(a) empty';
  if (name === 'dynamodbTodo') return '(b) DynamoDB todo + usage';
  if (name === 'dynamodbProfile') return '(b) DynamoDB profile + guard';
  return name;
}

function verdict(budgets: BudgetCheck[], id: string): string {
  const check = budgets.find((candidate) => candidate.id === id);
  if (!check) return '';
  return `${check.holds ? '✓' : '✗'} ${check.comparison === '<=' ? '≤' : '≥'} ${check.limit} ${check.unit}`;
}

export function tablesOf(results: BenchResults): Table[] {
  const { budgets } = results;
  const tables: Table[] = [];

  const cold = results.coldStart;
  tables.push({
    title: '1. Cold start',
    note: `Fresh \`node\` process → import the bundle → first response, against DynamoDB Local; median of ${cold.runs} rounds after a warm-up round, rotating the order. (a) empty handler; (b) document client + the same single write as the function: one TransactWriteItems of the todo and the caller's usage item (todos; the usage item is stored before each round, as an existing account has it), one TransactWriteItems of the profile and its username guard (users). "− (b)" is the median of per-round differences.`,
    header: [
      'bundle',
      'request',
      'total ms',
      'import ms',
      'first request ms',
      '(b)',
      '− (b) ms',
      '÷ (b)',
      'budget',
    ],
    rows: Object.entries(cold.subjects).map(([name, times]) => {
      const fn = cold.functions[name as keyof typeof cold.functions];
      return [
        labelOf(name),
        times?.routeKey ?? '',
        m(times?.totalMs),
        m(times?.importMs),
        m(times?.firstRequestMs),
        fn ? labelOf(fn.baseline) : '',
        fn ? m(fn.overBaselineMs) : '',
        fn ? f(fn.ratioToBaseline, 2) : '',
        verdict(budgets, `coldStart.${name}`),
      ];
    }),
  });

  tables.push({
    title: '2. Bundle size',
    note: 'The `.mjs` that `npm run build` zips, minified; gzip is zlib at its default level.',
    header: ['bundle', 'minified KB', 'gzip KB', 'zip KB', 'largest packages (minified KB)', 'budget'],
    rows: Object.entries(results.bundleSize)
      .filter(([name]) => name !== 'zipKb')
      .map(([name, size]) => {
        const entry = size as {
          minifiedKb: number;
          gzipKb: number;
          largestPackagesKb?: Record<string, number>;
        };
        return [
          labelOf(name),
          f(entry.minifiedKb),
          f(entry.gzipKb),
          f(results.bundleSize.zipKb[name as 'todos']),
          Object.entries(entry.largestPackagesKb ?? {})
            .slice(0, 4)
            .map(([pkg, kb]) => `${pkg} ${kb}`)
            .join(', '),
          verdict(budgets, `bundleSize.${name}`),
        ];
      }),
  });

  const warm = results.warm;
  tables.push({
    title: '3. Warm overhead',
    note: `${warm.requests} requests per variant, interleaved, ${warm.runs} runs (${warm.source}); store replaced by an in-memory table. Median µs per request.`,
    header: [
      'request',
      'handler µs',
      'without log µs',
      'hand-written µs',
      'overhead µs',
      'overhead w/o log µs',
      'budget',
    ],
    rows: Object.entries(warm.operations).map(([routeKey, o]) => [
      routeKey,
      m(o.handlerUs),
      m(o.handlerWithoutLogUs),
      m(o.handWrittenUs),
      m(o.overheadUs),
      m(o.overheadWithoutLogUs),
      verdict(budgets, `warm.${routeKey}`),
    ]),
  });

  const memory = results.memory;
  const points = ['coldStart', ...memory.milestones.map(String)];
  const at = (p: string) => (p === 'coldStart' ? 'cold' : `after ${p}`);
  tables.push({
    title: '4. Memory',
    note: `After a full GC in a fresh process, median of ${memory.runs} runs; warm requests go to an in-memory DynamoDB stand-in over HTTP. RSS (live heap / V8 young generation reserved) in MB. V8 enlarges its young generation under allocation pressure and keeps it, so RSS grows without anything being retained; the live heap after a GC is what a leak would grow. The ratios are RSS ${points
      .slice(0, 2)
      .map(at)
      .join(
        ' / ',
      )}; the budgets read RSS ÷ (b) ${at(points[1] ?? 'coldStart')} and the heap growth, the rest is reported.`,
    header: [
      'bundle',
      ...points.map((p) => `${at(p)} MB`),
      'RSS growth MB',
      'heap growth MB',
      '÷ empty',
      '÷ (b)',
      'budget',
    ],
    rows: Object.entries(memory.subjects).map(([name, s]) => {
      const ratios = memory.ratios[name as 'todos'];
      const budgetIds = ['rssToBaseline', 'heapGrowth'].map((b) => `memory.${name}.${b}`);
      return [
        labelOf(name),
        ...points.map((p) => `${m(s?.rssMb[p])} (${m(s?.heapUsedMb[p])} / ${m(s?.newSpaceMb[p], 0)})`),
        m(s?.growthMb),
        m(s?.heapGrowthMb, 2),
        ratios
          ? points
              .slice(0, 2)
              .map((p) => f(ratios.toEmpty[p], 2))
              .join(' / ')
          : '',
        ratios
          ? points
              .slice(0, 2)
              .map((p) => f(ratios.toBaseline[p], 2))
              .join(' / ')
          : '',
        budgetIds
          .map((id) => verdict(budgets, id))
          .filter(Boolean)
          .join('; '),
      ];
    }),
  });

  if (results.gateway) {
    const gateway = results.gateway;
    const cpu = (figures: ServerFigures) => m(figures.cpuMsPerRequest, 3);
    tables.push({
      title: '5. Local gateway',
      note: `The local stack as \`npm start\` runs it, every function replaced by an echo that answers its event without DynamoDB; autocannon with a real token and Origin ${gateway.origin}, ${gateway.connections} connections, ${gateway.seconds} s per run, median of ${gateway.runs} runs. CPU ms per answered request of the serving process: the stack's (route matching, JWT authorizer, payload-v2 event, invoke, CORS, log line) and a bare \`node:http\` server's in its own process under the same load; "− bare" is the median of per-run differences, the gateway's own code.`,
      header: [
        'request',
        'gateway req/s',
        'p50 ms',
        'CPU ms/req',
        'bare req/s',
        'CPU ms/req',
        '− bare ms',
        'budget',
      ],
      rows: Object.entries(gateway.routes).map(([routeKey, r]) => [
        routeKey,
        m(r.gateway.throughput, 0),
        m(r.gateway.p50Ms),
        cpu(r.gateway),
        m(r.bareHttp.throughput, 0),
        cpu(r.bareHttp),
        m(r.overBareMs, 3),
        verdict(budgets, `gateway.${routeKey}`),
      ]),
    });
  }

  if (results.endToEnd) {
    const e2e = results.endToEnd;
    const cpu = (c: { stack?: number; dynamodb?: number; client: number }) =>
      [c.stack, c.dynamodb, c.client].map((v) => (v === undefined ? '–' : v.toFixed(2))).join(' / ');
    tables.push({
      title: '6. Local end to end',
      note: `autocannon against the local stack with the real functions vs the same DynamoDB calls through the SDK, ${e2e.connections} connections, ${e2e.seconds} s per run, median of ${e2e.runs} runs. CPU ms per request: local stack process / DynamoDB Local / load generator. Reported, no budget: the ratio is set mostly by the SDK's CPU, which the project does not control, and by the function's and the gateway's, which tables 3 and 5 budget.`,
      header: [
        'request',
        'stack req/s',
        'p50 ms',
        'p99 ms',
        'CPU ms/req',
        'SDK req/s',
        'p50 ms',
        'p99 ms',
        'CPU ms/req',
        'ratio',
      ],
      rows: Object.entries(e2e.operations).map(([routeKey, o]) => [
        routeKey,
        m(o.stack.throughput, 0),
        m(o.stack.p50Ms),
        m(o.stack.p99Ms),
        cpu(o.stack.cpuMsPerRequest),
        m(o.direct.throughput, 0),
        m(o.direct.p50Ms),
        m(o.direct.p99Ms),
        cpu(o.direct.cpuMsPerRequest),
        f(o.throughputRatio, 2),
      ]),
    });
  }

  const { list, purge } = results.scaling;
  tables.push({
    title: '7. Scaling',
    note: 'GET /todos (one page of 20) through the handler against DynamoDB Local; DELETE /users/me with every SDK request counted.',
    header: ['figure', 'measured', 'baseline', 'ratio', 'budget'],
    rows: [
      [
        `GET /todos page, ${list.large} vs ${list.small} todos`,
        `${m(list.largeMs, 2)} ms`,
        `${m(list.smallMs, 2)} ms`,
        f(list.ratio, 2),
        verdict(budgets, 'scaling.list'),
      ],
      [
        `DELETE /users/me, ${purge.todos} todos + ${purge.attachments} attachments: BatchWriteItem`,
        String(purge.batchWrites),
        `${purge.minimumBatchWrites} (⌈${purge.itemsDeleted - 2}/25⌉)`,
        '',
        verdict(budgets, 'scaling.purge.batchWrites'),
      ],
      [
        'DELETE /users/me: all DynamoDB requests',
        Object.entries(purge.dynamodbRequests)
          .map(([command, count]) => `${count} ${command.replace(/Command$/, '')}`)
          .join(', '),
        '',
        '',
        '',
      ],
      [
        'DELETE /users/me: S3 requests',
        `${purge.s3Total}${
          purge.s3Total
            ? ` (${Object.entries(purge.s3Requests)
                .map(([c, n]) => `${n} ${c.replace(/Command$/, '')}`)
                .join(', ')})`
            : ''
        }`,
        `${purge.minimumS3Requests} (1 list + ⌈${purge.attachments}/1000⌉ DeleteObjects)`,
        '',
        verdict(budgets, 'scaling.purge.s3'),
      ],
      [
        'DELETE /users/me: items and files left behind',
        `${purge.itemsLeft} items, ${purge.filesLeft} files`,
        '0',
        '',
        verdict(budgets, 'scaling.purge.left'),
      ],
    ],
  });

  const cost = results.cost;
  tables.push({
    title: '8. Cost per million requests (USD)',
    note: `${cost.prices.region} list prices of ${cost.prices.asOf} (bench/prices.ts); durations against DynamoDB Local (median of ${cost.runs} runs of ${cost.requestsPerRun}), billed per ms at the template's MemorySize; capacity units as DynamoDB Local reports them, the todo creates and deletes against a stored usage item (an account's first counted write also counts its partition, once), though for some transactions of several items DynamoDB Local reports fewer units than DynamoDB's 2 per item and index entry written (a profile and its username guard: 4 in DynamoDB); logs ${cost.logBytesPerRequest.function} B request line (measured) + ${cost.logBytesPerRequest.lambdaPlatform} B Lambda platform + ${cost.logBytesPerRequest.accessLog} B access log (estimated).`,
    header: [
      'request',
      'ms (billed)',
      'RRU',
      'WRU',
      'HTTP API',
      'Lambda req',
      'Lambda GB-s',
      'DynamoDB',
      'logs',
      'total',
    ],
    rows: cost.operations.map((o) => [
      o.routeKey,
      `${m(o.durationMs)} (${o.billedMs})`,
      f(o.readUnitsPerRequest, 2),
      f(o.writeUnitsPerRequest, 2),
      f(o.usdPerMillion.httpApi, 2),
      f(o.usdPerMillion.lambdaRequests, 2),
      f(o.usdPerMillion.lambdaDuration, 3),
      f(o.usdPerMillion.dynamodbReads + o.usdPerMillion.dynamodbWrites, 3),
      f(o.usdPerMillion.logs, 3),
      f(o.usdPerMillion.total, 2),
    ]),
  });
  return tables;
}

/** Every budget with its verdict, for bench/README.md. */
export function budgetTable(budgets: BudgetCheck[]): Table {
  return {
    title: 'Budgets',
    note: 'Each figure against its baseline from the same run.',
    header: ['figure', 'measured', 'budget', 'holds'],
    rows: budgets.map((check) => [
      check.description,
      `${check.actual} ${check.unit}`,
      `${check.comparison === '<=' ? '≤' : '≥'} ${check.limit} ${check.unit}`,
      check.holds ? '✓' : '✗',
    ]),
  };
}

export function budgetHeadline(budgets: BudgetCheck[]): string {
  const holding = budgets.filter((check) => check.holds).length;
  return `${holding} of ${budgets.length} budgets hold.`;
}

/** The headline and every budget that does not hold, for the console. */
export function budgetSummary(budgets: BudgetCheck[]): string {
  const over = budgets.filter((check) => !check.holds);
  if (over.length === 0) return budgetHeadline(budgets);
  const list = over.map(
    (c) => `${c.description} ${c.actual} ${c.unit} (budget ${c.comparison === '<=' ? '≤' : '≥'} ${c.limit})`,
  );
  return `${budgetHeadline(budgets)} Over: ${list.join('; ')}.`;
}

export function renderConsole(tables: Table[]): string {
  return tables
    .map((table) => {
      const all = [table.header, ...table.rows];
      const widths = table.header.map((_, column) =>
        Math.max(...all.map((row) => (row[column] ?? '').length)),
      );
      const line = (row: string[]) =>
        row
          .map((cell, column) =>
            column === 0 ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0),
          )
          .join('  ')
          .trimEnd();
      return [`${table.title}`, line(table.header), ...table.rows.map(line)].join('\n');
    })
    .join('\n\n');
}

export function renderMarkdown(tables: Table[]): string {
  const escapeCell = (cell: string) => cell.replace(/\|/g, '\\|');
  return tables
    .map((table) =>
      [
        `#### ${table.title}`,
        '',
        table.note,
        '',
        `| ${table.header.map(escapeCell).join(' | ')} |`,
        `|${table.header.map((_, i) => (i === 0 ? ' --- ' : ' ---: ')).join('|')}|`,
        ...table.rows.map((row) => `| ${row.map(escapeCell).join(' | ')} |`),
      ].join('\n'),
    )
    .join('\n\n');
}
