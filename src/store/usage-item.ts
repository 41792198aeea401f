/**
 * How the caller's usage is stored: one item `USER#<sub>`/`USAGE` (keys: ./keys.ts) holding `todos`,
 * `attachmentBytes`, `keys` (live idempotency records as counted) and, per UTC hour in which some of
 * those records expire, `keys@<hour>` (e.g. `keys@2026-11-28T10`). What the counts mean: ./usage.ts.
 */
import { type TableKey, usageKey } from './keys';

export interface Usage {
  todos: number;
  attachmentBytes: number;
  /** Live idempotency records, as counted: each expiry hour's below, until the hour ends. */
  keys: number;
  /** Per expiry hour (`2026-11-28T10`), the records claimed that expire in it. */
  keyHours: Record<string, number>;
}

export const KEY_HOUR_PREFIX = 'keys@';

/** `2026-11-28T10`: the UTC hour of an epoch second. */
export function hourOf(epochSeconds: number): string {
  return new Date(epochSeconds * 1000).toISOString().slice(0, 13);
}

/** The epoch second at which an hour has ended, and every record of it has expired. */
export function hourEnd(hour: string): number {
  return Date.parse(`${hour}:00:00.000Z`) / 1000 + 3600;
}

export function usageOf(item: Record<string, unknown>): Usage {
  const keyHours: Record<string, number> = {};
  for (const [name, value] of Object.entries(item))
    if (name.startsWith(KEY_HOUR_PREFIX)) keyHours[name.slice(KEY_HOUR_PREFIX.length)] = Number(value);
  return {
    todos: Number(item.todos ?? 0),
    attachmentBytes: Number(item.attachmentBytes ?? 0),
    keys: Number(item.keys ?? 0),
    keyHours,
  };
}

export function usageItemOf(sub: string, usage: Usage): TableKey & Record<string, unknown> {
  const item: TableKey & Record<string, unknown> = {
    ...usageKey(sub),
    type: 'usage',
    todos: usage.todos,
    attachmentBytes: usage.attachmentBytes,
    keys: usage.keys,
  };
  for (const [hour, n] of Object.entries(usage.keyHours)) item[KEY_HOUR_PREFIX + hour] = n;
  return item;
}
