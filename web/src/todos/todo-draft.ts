/**
 * A todo as its form holds it (strings), and the way to the API: a TodoCreate for a new one, a
 * merge patch of only what changed for an edit (`null` removes notes or the due date).
 */
import type { Priority, Todo, TodoCreate, TodoPatch } from '../../../src/client';
import { checkField, ruleOf } from '../contract/rules';

export interface TodoDraft {
  title: string;
  notes: string;
  dueDate: string;
  priority: Priority;
  /** Tags as typed: separated by commas or spaces. */
  tags: string;
}

export type TodoField = keyof TodoDraft;

export const TODO_RULES = {
  title: ruleOf('TodoCreate', 'title'),
  notes: ruleOf('TodoCreate', 'notes'),
  dueDate: ruleOf('TodoCreate', 'dueDate'),
  priority: ruleOf('TodoCreate', 'priority'),
  tags: ruleOf('TodoCreate', 'tags'),
};

export const PRIORITIES = (TODO_RULES.priority.enum ?? []) as Priority[];
const DEFAULT_PRIORITY = (TODO_RULES.priority.default ?? 'normal') as Priority;

export function emptyDraft(): TodoDraft {
  return { title: '', notes: '', dueDate: '', priority: DEFAULT_PRIORITY, tags: '' };
}

export function draftOf(todo: Todo): TodoDraft {
  return {
    title: todo.title,
    notes: todo.notes ?? '',
    dueDate: todo.dueDate ?? '',
    priority: todo.priority,
    tags: todo.tags.join(', '),
  };
}

export function tagsOf(text: string): string[] {
  return text
    .split(/[\s,]+/)
    .map((tag) => tag.trim())
    .filter(Boolean);
}

/** The contract's limits, field by field, before anything is sent. */
export function draftErrors(draft: TodoDraft): Partial<Record<TodoField, string>> {
  const errors: Partial<Record<TodoField, string>> = {};
  const check = (field: TodoField, value: unknown) => {
    const problem = checkField(TODO_RULES[field], value);
    if (problem) errors[field] = problem;
  };
  check('title', draft.title.trim());
  check('notes', draft.notes);
  check('priority', draft.priority);
  check('tags', tagsOf(draft.tags));
  if (draft.dueDate && !/^\d{4}-\d{2}-\d{2}$/.test(draft.dueDate))
    errors.dueDate = 'Use a date (YYYY-MM-DD).';
  return errors;
}

export function createBodyOf(draft: TodoDraft): TodoCreate {
  return {
    title: draft.title.trim(),
    priority: draft.priority,
    tags: tagsOf(draft.tags),
    ...(draft.notes ? { notes: draft.notes } : {}),
    ...(draft.dueDate ? { dueDate: draft.dueDate } : {}),
  };
}

/** Only the fields that differ from `base`; undefined when nothing changed. */
export function patchOf(base: Todo, draft: TodoDraft): TodoPatch | undefined {
  const patch: TodoPatch = {};
  const title = draft.title.trim();
  if (title !== base.title) patch.title = title;
  if (draft.notes !== (base.notes ?? '')) patch.notes = draft.notes === '' ? null : draft.notes;
  if (draft.dueDate !== (base.dueDate ?? '')) patch.dueDate = draft.dueDate === '' ? null : draft.dueDate;
  if (draft.priority !== base.priority) patch.priority = draft.priority;
  const tags = tagsOf(draft.tags);
  if (tags.join(' ') !== base.tags.join(' ')) patch.tags = tags;
  return Object.keys(patch).length ? patch : undefined;
}
