/**
 * Title, notes, due date, priority and tags, with the contract's limits: checked as the user
 * submits, before anything is sent; what the API still refuses lands on its field
 * (`errors[].pointer`) or above the form.
 */
import { type FormEvent, useState } from 'react';
import { fieldErrorsOf } from '../api/problem';
import { Field } from '../ui/field';
import { ProblemAlert } from '../ui/problem-alert';
import { draftErrors, PRIORITIES, TODO_RULES, type TodoDraft, type TodoField } from './todo-draft';

interface TodoFormProps {
  initial: TodoDraft;
  submitLabel: string;
  busy: boolean;
  /** The API's answer to the last submit, when it failed. */
  error?: unknown;
  onSubmit(draft: TodoDraft): void;
  onCancel?(): void;
}

export function TodoForm({ initial, submitLabel, busy, error, onSubmit, onCancel }: TodoFormProps) {
  const [draft, setDraft] = useState(initial);
  const [checked, setChecked] = useState<Partial<Record<TodoField, string>>>({});
  const fromApi = fieldErrorsOf(error) as Partial<Record<TodoField, string>>;
  const errorOf = (field: TodoField) => checked[field] ?? fromApi[field];
  const set = (field: TodoField) => (event: { target: { value: string } }) =>
    setDraft((current) => ({ ...current, [field]: event.target.value }));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const errors = draftErrors(draft);
    setChecked(errors);
    const first = Object.keys(errors)[0];
    if (first) {
      document.querySelector<HTMLElement>(`[name="${first}"]`)?.focus();
      return;
    }
    onSubmit(draft);
  };

  const apiFieldsShown = Object.keys(fromApi).length > 0;
  const maxTags = TODO_RULES.tags.maxItems;
  const tagRule = TODO_RULES.tags.items?.description ?? '';
  return (
    <form className="form" onSubmit={submit} noValidate>
      {error && !apiFieldsShown ? <ProblemAlert error={error} /> : null}
      {apiFieldsShown ? (
        <p className="alert alert-error" role="alert">
          The API refused some fields: see below.
        </p>
      ) : null}
      <Field label="Title" error={errorOf('title')} hint={`Up to ${TODO_RULES.title.maxLength} characters.`}>
        <input
          name="title"
          value={draft.title}
          onChange={set('title')}
          maxLength={TODO_RULES.title.maxLength}
          required
          autoComplete="off"
        />
      </Field>
      <Field
        label="Notes"
        error={errorOf('notes')}
        hint={`Optional, up to ${TODO_RULES.notes.maxLength} characters.`}
      >
        <textarea
          name="notes"
          value={draft.notes}
          onChange={set('notes')}
          rows={3}
          maxLength={TODO_RULES.notes.maxLength}
        />
      </Field>
      <div className="field-row">
        <Field label="Due date" error={errorOf('dueDate')}>
          <input name="dueDate" type="date" value={draft.dueDate} onChange={set('dueDate')} />
        </Field>
        <Field label="Priority" error={errorOf('priority')}>
          <select name="priority" value={draft.priority} onChange={set('priority')}>
            {PRIORITIES.map((priority) => (
              <option key={priority} value={priority}>
                {priority}
              </option>
            ))}
          </select>
        </Field>
      </div>
      <Field
        label="Tags"
        error={errorOf('tags')}
        hint={`Separated by commas or spaces${maxTags ? `, at most ${maxTags}` : ''}. ${tagRule}`}
      >
        <input
          name="tags"
          value={draft.tags}
          onChange={set('tags')}
          autoComplete="off"
          autoCapitalize="none"
        />
      </Field>
      <div className="actions">
        <button type="submit" className="button-primary" disabled={busy}>
          {busy ? 'Saving…' : submitLabel}
        </button>
        {onCancel ? (
          <button type="button" onClick={onCancel} disabled={busy}>
            Cancel
          </button>
        ) : null}
      </div>
    </form>
  );
}
