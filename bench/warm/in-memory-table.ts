/**
 * An in-memory stand-in for the table behind the store's document client, for the warm-overhead
 * benchmark: it replaces `documentClient.send` (src/store/client.ts) so both handlers under test make
 * the same store calls at memory speed, and what remains between them is the runtime's own work.
 * It keeps items by key and answers Put, Get, Delete and TransactWrite (Put/Delete); conditions are
 * not evaluated (the benchmark's requests never fail them).
 */
import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';

type Item = Record<string, unknown>;
interface Command {
  input: Record<string, unknown>;
}

export interface InMemoryTable {
  items: Map<string, Item>;
  /** Calls per command name (`PutCommand`, ...), for the report. */
  calls: Record<string, number>;
  restore(): void;
}

const keyOf = (key: Item): string => `${String(key.PK)}\u0000${String(key.SK)}`;

/** By class, not by `constructor.name`: the benchmark also runs minified, where names are mangled. */
const commandNames = new Map<unknown, string>([
  [PutCommand, 'PutCommand'],
  [GetCommand, 'GetCommand'],
  [DeleteCommand, 'DeleteCommand'],
  [TransactWriteCommand, 'TransactWriteCommand'],
]);

export function installInMemoryTable(client: DynamoDBDocumentClient): InMemoryTable {
  const items = new Map<string, Item>();
  const calls: Record<string, number> = {};
  const put = (item: Item) => items.set(keyOf(item), structuredClone(item));

  const send = async (command: Command): Promise<Record<string, unknown>> => {
    const name = commandNames.get(command.constructor) ?? 'an unknown command';
    calls[name] = (calls[name] ?? 0) + 1;
    const input = command.input;
    switch (name) {
      case 'PutCommand':
        put(input.Item as Item);
        return {};
      case 'GetCommand': {
        const item = items.get(keyOf(input.Key as Item));
        return item ? { Item: structuredClone(item) } : {};
      }
      case 'DeleteCommand':
        items.delete(keyOf(input.Key as Item));
        return {};
      case 'TransactWriteCommand':
        for (const entry of input.TransactItems as { Put?: { Item: Item }; Delete?: { Key: Item } }[]) {
          if (entry.Put) put(entry.Put.Item);
          if (entry.Delete) items.delete(keyOf(entry.Delete.Key));
        }
        return {};
      default:
        throw new Error(
          `The in-memory table does not implement ${name}; extend bench/warm/in-memory-table.ts.`,
        );
    }
  };

  const target = client as unknown as { send: typeof send };
  target.send = send;
  return {
    items,
    calls,
    restore: () => {
      delete (target as Partial<typeof target>).send;
    },
  };
}
