/**
 * After a 412: the version on the server next to the user's change, field by field, and the two ways
 * on (apply the change to that version, or drop it). Nothing is overwritten without the user's word.
 */
import { useId } from 'react';
import { ProblemAlert } from './problem-alert';

export interface ConflictRow {
  field: string;
  label: string;
  server: string;
  mine: string;
  /** The user left this field alone; it changed on the server. */
  untouched: boolean;
}

/**
 * The rows worth comparing: every field the user changed, and every field that changed on the server
 * since the user read it (shown as the user saw it, marked untouched: applying keeps the server's).
 */
export function conflictRowsOf(
  labels: Record<string, string>,
  base: object,
  server: object,
  patch: object,
): ConflictRow[] {
  const fieldOf = (record: object, field: string) => (record as Record<string, unknown>)[field];
  return Object.entries(labels)
    .filter(
      ([field]) => field in patch || shownValue(fieldOf(base, field)) !== shownValue(fieldOf(server, field)),
    )
    .map(([field, label]) => {
      const untouched = !(field in patch);
      return {
        field,
        label,
        server: shownValue(fieldOf(server, field)),
        mine: shownValue(fieldOf(untouched ? base : patch, field)),
        untouched,
      };
    });
}

interface ConflictViewProps {
  what: string;
  /** Undefined while the server's version is being read. */
  rows: ConflictRow[] | undefined;
  readError?: unknown;
  applying: boolean;
  applyError?: unknown;
  onApply(): void;
  onDiscard(): void;
}

export function shownValue(value: unknown): string {
  if (value === null || value === undefined || value === '') return '(none)';
  if (Array.isArray(value)) return value.length ? value.join(', ') : '(none)';
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  return String(value);
}

export function ConflictView({
  what,
  rows,
  readError,
  applying,
  applyError,
  onApply,
  onDiscard,
}: ConflictViewProps) {
  const titleId = useId();
  return (
    <section className="conflict" aria-labelledby={titleId}>
      <div role="alert">
        <h2 id={titleId}>{`This ${what} changed since you opened it`}</h2>
        <p>Your change was not saved. Compare it with the version now on the server, then choose.</p>
      </div>
      {readError ? <ProblemAlert error={readError} /> : null}
      {rows ? (
        <table className="conflict-table">
          <caption className="visually-hidden">Your change next to the server's version</caption>
          <thead>
            <tr>
              <th scope="col">Field</th>
              <th scope="col">On the server now</th>
              <th scope="col">Yours</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.field}>
                <th scope="row">{row.label}</th>
                <td data-testid={`server-${row.field}`}>{row.server}</td>
                <td data-testid={`mine-${row.field}`}>
                  {row.mine}
                  {row.untouched ? (
                    <span className="muted"> (as you saw it; yours leaves it alone)</span>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p role="status">Reading the current version…</p>
      )}
      {applyError ? <ProblemAlert error={applyError} /> : null}
      <div className="actions">
        <button type="button" className="button-primary" disabled={!rows || applying} onClick={onApply}>
          {applying ? 'Saving…' : 'Apply my change to this version'}
        </button>
        <button type="button" disabled={applying} onClick={onDiscard}>
          Discard my change
        </button>
      </div>
    </section>
  );
}
