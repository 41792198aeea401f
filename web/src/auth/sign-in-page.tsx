/** Signed out: why (when the last session ended for a reason) and the way to the provider's sign-in. */
import { useState } from 'react';
import { PageHeading } from '../ui/page';
import { ProblemAlert } from '../ui/problem-alert';
import { useSession } from './session-context';

export function SignInPage({ notice }: { notice?: string | undefined }) {
  const session = useSession();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  return (
    <section className="panel sign-in" aria-labelledby="sign-in-heading">
      <PageHeading title="Sign in" id="sign-in-heading">
        Sign in to SwiftyPlanner
      </PageHeading>
      {notice ? (
        <p className="alert alert-info" role="status">
          {notice}
        </p>
      ) : null}
      <p>Your todos, their attachments and your profile, kept private to you.</p>
      {error ? <ProblemAlert error={error} /> : null}
      <button
        type="button"
        className="button-primary"
        disabled={busy}
        onClick={() => {
          setBusy(true);
          setError(undefined);
          session.signIn().catch((failure: unknown) => {
            setBusy(false);
            setError(
              new Error(
                `The sign-in provider could not be reached (${failure instanceof Error ? failure.message : String(failure)}). Check that it is running, then try again.`,
              ),
            );
          });
        }}
      >
        {busy ? 'Going to sign-in…' : 'Sign in'}
      </button>
    </section>
  );
}
