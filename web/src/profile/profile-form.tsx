/**
 * The profile's fields with the contract's limits. A refusal from the API lands on the field its
 * `errors[].pointer` names, and a taken username (409) on that field.
 */
import { type FormEvent, useState } from 'react';
import { fieldErrorsOf } from '../api/problem';
import { Field } from '../ui/field';
import { ProblemAlert } from '../ui/problem-alert';
import {
  PROFILE_FIELDS,
  PROFILE_RULES,
  type ProfileDraft,
  type ProfileField,
  profileErrors,
} from './profile-draft';

const INPUTS: Record<ProfileField, { type?: string; autoComplete: string; hint?: string }> = {
  username: { autoComplete: 'username' },
  firstName: { autoComplete: 'given-name' },
  lastName: { autoComplete: 'family-name' },
  email: { type: 'email', autoComplete: 'email' },
  phoneNumber: { type: 'tel', autoComplete: 'tel', hint: 'Optional. International form: +447700900123.' },
  bio: { autoComplete: 'off', hint: 'Optional.' },
};

interface ProfileFormProps {
  initial: ProfileDraft;
  submitLabel: string;
  busy: boolean;
  error?: unknown;
  onSubmit(draft: ProfileDraft): void;
  onCancel?(): void;
}

export function ProfileForm({ initial, submitLabel, busy, error, onSubmit, onCancel }: ProfileFormProps) {
  const [draft, setDraft] = useState(initial);
  const [checked, setChecked] = useState<Partial<Record<ProfileField, string>>>({});
  const fromApi = fieldErrorsOf(error) as Partial<Record<ProfileField, string>>;
  const shownOnFields = PROFILE_FIELDS.some(({ field }) => fromApi[field]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const errors = profileErrors(draft);
    setChecked(errors);
    const first = PROFILE_FIELDS.find(({ field }) => errors[field]);
    if (first) {
      document.querySelector<HTMLElement>(`[name="${first.field}"]`)?.focus();
      return;
    }
    onSubmit(draft);
  };

  return (
    <form className="form" onSubmit={submit} noValidate>
      {error && !shownOnFields ? <ProblemAlert error={error} /> : null}
      {shownOnFields ? (
        <p className="alert alert-error" role="alert">
          {describeFieldProblem(error)}
        </p>
      ) : null}
      {PROFILE_FIELDS.map(({ field, label }) => {
        const rule = PROFILE_RULES[field];
        const input = INPUTS[field];
        const props = {
          name: field,
          value: draft[field],
          onChange: (event: { target: { value: string } }) =>
            setDraft((current) => ({ ...current, [field]: event.target.value })),
          maxLength: rule.maxLength,
          autoComplete: input.autoComplete,
          required: rule.required,
        };
        return (
          <Field key={field} label={label} hint={input.hint} error={checked[field] ?? fromApi[field]}>
            {field === 'bio' ? (
              <textarea rows={3} {...props} />
            ) : (
              <input type={input.type ?? 'text'} {...props} />
            )}
          </Field>
        );
      })}
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

function describeFieldProblem(error: unknown): string {
  const title = (error as { title?: string }).title;
  return `${title ?? 'The API refused some fields'}: see below.`;
}
