import { describeError } from '../api/problem';

/** A failed call as a person reads it: the problem's title, its detail, and the request id to quote. */
export function ProblemAlert({ error, children }: { error: unknown; children?: React.ReactNode }) {
  const { title, detail, requestId } = describeError(error);
  return (
    <div className="alert alert-error" role="alert">
      <p className="alert-title">{title}</p>
      {detail ? <p>{detail}</p> : null}
      {requestId ? <p className="muted">Request id: {requestId}</p> : null}
      {children}
    </div>
  );
}
