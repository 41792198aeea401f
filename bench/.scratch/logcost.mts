import { Logger } from '@aws-lambda-powertools/logger';
const logger = new Logger({ serviceName: 'swiftyplanner' });
const orig = process.stdout.write.bind(process.stdout);
let bytes = 0;
process.stdout.write = ((c: string) => { bytes += c.length; return true; }) as typeof process.stdout.write;
const entry = { requestId: 'abc-123-def', awsRequestId: 'x-y-z', routeKey: 'POST /todos', operationId: 'createTodo', status: 201, durationMs: 0.12, coldStart: false };
function bench(name: string, fn: () => void) {
  for (let i = 0; i < 20000; i++) fn();
  const t = performance.now(); const n = 100000;
  for (let i = 0; i < n; i++) fn();
  const us = ((performance.now() - t) / n) * 1000;
  orig(`${name}: ${us.toFixed(2)} µs\n`);
}
for (let k = 0; k < 3; k++) {
  bench('powertools info', () => logger.info('request', { ...entry }));
  bench('JSON.stringify + stdout.write', () => process.stdout.write(`${JSON.stringify({ level: 'INFO', message: 'request', timestamp: new Date().toISOString(), service: 'swiftyplanner', ...entry })}\n`));
  bench('JSON.stringify + console.log', () => console.log(JSON.stringify({ level: 'INFO', message: 'request', timestamp: new Date().toISOString(), service: 'swiftyplanner', ...entry })));
}
