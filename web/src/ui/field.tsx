/**
 * A labelled form field with its hint and its error, wired for screen readers (aria-describedby,
 * aria-invalid). The error is whatever the form found first: the contract's limit broken before
 * sending, or the API's `errors[].pointer` for this field after.
 */
import { cloneElement, type ReactElement, useId } from 'react';

interface FieldProps {
  label: string;
  hint?: string;
  error?: string | undefined;
  /** One input, select or textarea; it gets the id, the description and the invalid flag. */
  children: ReactElement<{ id?: string; 'aria-describedby'?: string; 'aria-invalid'?: boolean }>;
}

export function Field({ label, hint, error, children }: FieldProps) {
  const id = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy = [hint ? hintId : undefined, error ? errorId : undefined].filter(Boolean).join(' ');
  return (
    <div className={error ? 'field field-invalid' : 'field'}>
      <label htmlFor={id}>{label}</label>
      {cloneElement(children, {
        id,
        ...(describedBy ? { 'aria-describedby': describedBy } : {}),
        ...(error ? { 'aria-invalid': true } : {}),
      })}
      {hint ? (
        <p className="field-hint" id={hintId}>
          {hint}
        </p>
      ) : null}
      {error ? (
        <p className="field-error" id={errorId}>
          {error}
        </p>
      ) : null}
    </div>
  );
}
