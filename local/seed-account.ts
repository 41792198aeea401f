/**
 * Demo data for one user, written through the API with the typed client (so through the gateway,
 * the authorizer and the functions' validation, like any client): a profile if there is none, todos
 * with a mix of priorities, tags, due dates and done ones, and one attachment uploaded through its
 * presigned URL. Every seeded todo carries the tag `demo`: an account that has them is left alone, one
 * with only its own todos gets them too. Each todo is sent with an Idempotency-Key of the day and its
 * number, so two runs at once do not create it twice.
 */
import type { SwiftyClient } from '../src/client';

export interface SeedOptions {
  sub: string;
  /** What the profile's username derives from, when not the sub: the name the user signs in with. */
  name?: string;
  /** How many todos (1-100). */
  todos: number;
  /** Due dates are counted from this day. */
  today?: Date;
  /** For the upload to the presigned URL (the typed client only talks to the API). */
  fetch?: typeof globalThis.fetch;
}

export interface SeedSummary {
  profile: 'created' | 'existed';
  username: string;
  /** Undefined when the account already had todos, and seeding left them alone. */
  todos?: {
    created: number;
    completed: number;
    withDueDate: number;
    /** The text file attached to the first todo, through its presigned URL. */
    attachment: { fileName: string; todoTitle: string };
  };
}

const TITLES = [
  'Buy milk',
  'Book the dentist',
  'Renew passport',
  'Call the plumber',
  'Write the quarterly report',
  'Plan the team offsite',
  'Pay the electricity bill',
  'Water the plants',
  'Return library books',
  'Back up the laptop',
];
const TAG_SETS = [
  ['shopping'],
  ['health'],
  ['admin', 'travel'],
  ['home'],
  ['work'],
  ['work', 'team'],
  ['home', 'bills'],
  ['home'],
  [],
  ['admin'],
];
const PRIORITIES = ['normal', 'high', 'low'] as const;
const DEMO_TAG = 'demo';
const NOTES = 'Oat, two litres.\nAnd bread if they have the sourdough.';
const ATTACHMENT = {
  fileName: 'shopping-list.txt',
  contentType: 'text/plain' as const,
  text: 'milk\nbread\neggs\n',
};

/** Thrown with what the API answered, when it is not what seeding expects. */
export class SeedError extends Error {}

export async function seedAccount(api: SwiftyClient, options: SeedOptions): Promise<SeedSummary> {
  if (!Number.isInteger(options.todos) || options.todos < 1 || options.todos > 100)
    throw new SeedError('--todos: give a whole number from 1 to 100.');
  const { profile, username } = await ensureProfile(api, options.name ?? options.sub);
  const seeded = await api.GET('/todos', { params: { query: { tag: DEMO_TAG, limit: 1 } } });
  if (!seeded.data) failed('GET /todos', seeded.response, seeded.error);
  if (seeded.data.items.length > 0) return { profile, username };

  const today = options.today ?? new Date();
  const day = dayAfter(today, 0).replaceAll('-', '');
  const todos = { created: 0, completed: 0, withDueDate: 0, attachment: { fileName: '', todoTitle: '' } };
  let first = { id: '', title: '' };
  for (let index = 0; index < options.todos; index++) {
    const dueDate = index % 3 === 0 ? dayAfter(today, index + 1) : undefined;
    const created = await api.POST('/todos', {
      params: { header: { 'Idempotency-Key': `seed-${day}-${String(index).padStart(3, '0')}` } },
      body: {
        title: options.todos > TITLES.length ? `${titleOf(index)} (${index + 1})` : titleOf(index),
        priority: PRIORITIES[index % PRIORITIES.length],
        tags: [...(TAG_SETS[index % TAG_SETS.length] ?? []), DEMO_TAG],
        ...(index === 0 ? { notes: NOTES } : {}),
        ...(dueDate ? { dueDate } : {}),
      },
    });
    const todo = created.data ?? failed('POST /todos', created.response, created.error);
    todos.created++;
    if (index === 0) first = todo;
    if (dueDate) todos.withDueDate++;
    if (index % 4 === 3) {
      const done = await api.PATCH('/todos/{todoId}', {
        params: { path: { todoId: todo.id } },
        body: { completed: true },
      });
      if (!done.data) failed('PATCH /todos/{todoId}', done.response, done.error);
      todos.completed++;
    }
  }
  const fileName = await uploadAttachment(api, first.id, options.fetch ?? globalThis.fetch);
  todos.attachment = { fileName, todoTitle: first.title };
  return { profile, username, todos };
}

async function ensureProfile(
  api: SwiftyClient,
  name: string,
): Promise<{ profile: SeedSummary['profile']; username: string }> {
  const existing = await api.GET('/users/me');
  if (existing.data) return { profile: 'existed', username: existing.data.username };
  if (existing.response.status !== 404) failed('GET /users/me', existing.response, existing.error);
  const base = usernameOf(name);
  // A taken username (or its email) gets a random suffix: this is demo data.
  for (const username of [base, `${base.slice(0, 25)}-${Math.random().toString(36).slice(2, 6)}`]) {
    const created = await api.POST('/users', {
      body: { username, firstName: capitalized(base), lastName: 'Example', email: `${username}@example.com` },
    });
    if (created.data) return { profile: 'created', username };
    if (created.response.status !== 409) failed('POST /users', created.response, created.error);
    // A 409 is a taken username or email, or a profile that a seed running at the same time just made.
    const meanwhile = await api.GET('/users/me');
    if (meanwhile.data) return { profile: 'existed', username: meanwhile.data.username };
  }
  throw new SeedError(`POST /users: the username ${base} and a variant of it are both taken.`);
}

/** Attaches a small text file to the todo through its presigned URL, unless it has one; returns the file's name. */
async function uploadAttachment(
  api: SwiftyClient,
  todoId: string,
  fetch: typeof globalThis.fetch,
): Promise<string> {
  const listed = await api.GET('/todos/{todoId}/attachments', { params: { path: { todoId } } });
  if (!listed.data) failed('GET /todos/{todoId}/attachments', listed.response, listed.error);
  if (listed.data.items[0]) return listed.data.items[0].fileName;
  const bytes = new TextEncoder().encode(ATTACHMENT.text);
  const created = await api.POST('/todos/{todoId}/attachments', {
    params: { path: { todoId } },
    body: { fileName: ATTACHMENT.fileName, contentType: ATTACHMENT.contentType, size: bytes.byteLength },
  });
  const { upload } =
    created.data ?? failed('POST /todos/{todoId}/attachments', created.response, created.error);
  const uploaded = await fetch(upload.url, { method: upload.method, headers: upload.headers, body: bytes });
  if (!uploaded.ok)
    throw new SeedError(
      `The upload to the presigned URL answered ${uploaded.status}: ${await uploaded.text()}`,
    );
  return ATTACHMENT.fileName;
}

function failed(operation: string, response: Response, error: unknown): never {
  const hint =
    response.status === 401
      ? ' The API refused the token: run this with the DATA_DIR (and PORT) of the running local stack, as' +
        ' npm start prints it, or pass a fresh --token for a deployed stage.'
      : '';
  throw new SeedError(`${operation} answered ${response.status}: ${JSON.stringify(error)}.${hint}`);
}

/** The contract's username: 3-30 of a-z, 0-9, `_`, `.`, `-`. */
function usernameOf(name: string): string {
  const cleaned = name
    .toLowerCase()
    .replace(/[^a-z0-9_.-]+/g, '-')
    .slice(0, 30);
  return cleaned.length >= 3 ? cleaned : `${cleaned}-user`.slice(0, 30);
}

function capitalized(name: string): string {
  const word = name.split(/[-_.]/)[0] || name;
  return word.charAt(0).toUpperCase() + word.slice(1);
}

function titleOf(index: number): string {
  return TITLES[index % TITLES.length] as string;
}

function dayAfter(today: Date, days: number): string {
  return new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate() + days))
    .toISOString()
    .slice(0, 10);
}
