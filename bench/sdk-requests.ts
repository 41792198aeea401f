/**
 * Counts what an SDK client sends, through a middleware on its stack: requests per command, and for
 * DynamoDB the capacity they consumed (it asks for ReturnConsumedCapacity=TOTAL, which changes
 * nothing else; DynamoDB Local reports units as DynamoDB does, GSI writes and 2× for transactions
 * included). The document client shares the low-level client's stack, so one counter sees both.
 */
import type { MiddlewareStack } from '@smithy/types';

export interface RequestCounter {
  /** Requests per command name (`BatchWriteItemCommand`, `DeleteObjectsCommand`, ...). */
  counts: Record<string, number>;
  readUnits: number;
  writeUnits: number;
  total(): number;
  reset(): void;
  detach(): void;
}

interface Countable {
  // biome-ignore lint/suspicious/noExplicitAny: any client's stack
  middlewareStack: MiddlewareStack<any, any>;
}

const READS = new Set([
  'GetItemCommand',
  'QueryCommand',
  'ScanCommand',
  'BatchGetItemCommand',
  'TransactGetItemsCommand',
]);
const DYNAMODB_OPERATIONS = new Set([
  ...READS,
  'PutItemCommand',
  'UpdateItemCommand',
  'DeleteItemCommand',
  'BatchWriteItemCommand',
  'TransactWriteItemsCommand',
]);

let counters = 0;

export function countRequests(client: Countable): RequestCounter {
  const name = `benchRequestCounter${++counters}`;
  const counter: RequestCounter = {
    counts: {},
    readUnits: 0,
    writeUnits: 0,
    total: () => Object.values(counter.counts).reduce((sum, count) => sum + count, 0),
    reset: () => {
      counter.counts = {};
      counter.readUnits = 0;
      counter.writeUnits = 0;
    },
    detach: () => {
      client.middlewareStack.remove(name);
    },
  };
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const command = String(context.commandName ?? 'unknown');
      counter.counts[command] = (counter.counts[command] ?? 0) + 1;
      const input = args.input as Record<string, unknown>;
      if (DYNAMODB_OPERATIONS.has(command)) input.ReturnConsumedCapacity = 'TOTAL';
      const result = await next(args);
      const consumed = (result.output as { ConsumedCapacity?: unknown }).ConsumedCapacity;
      const units = [consumed]
        .flat()
        .reduce<number>(
          (sum, entry) => sum + ((entry as { CapacityUnits?: number } | undefined)?.CapacityUnits ?? 0),
          0,
        );
      if (READS.has(command)) counter.readUnits += units;
      else counter.writeUnits += units;
      return result;
    },
    { step: 'initialize', name },
  );
  return counter;
}
