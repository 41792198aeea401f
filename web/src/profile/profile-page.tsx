/**
 * The caller's profile: created when there is none (404), edited as a merge patch with If-Match
 * (a 412 shows the server's version), and the account deleted, which signs the user out.
 */
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import type { User, UserPatch } from '../../../src/client';
import { useApi } from '../api/api';
import { ifMatchOf } from '../api/etag';
import { hasStatus } from '../api/problem';
import { useSession } from '../auth/session-context';
import { ConfirmDialog } from '../ui/confirm-dialog';
import { ConflictView, conflictRowsOf } from '../ui/conflict-view';
import { PageHeading } from '../ui/page';
import { ProblemAlert } from '../ui/problem-alert';
import {
  emptyProfileDraft,
  PROFILE_FIELDS,
  profileDraftOf,
  userCreateOf,
  userPatchOf,
} from './profile-draft';
import { ProfileForm } from './profile-form';

const ME_KEY = ['get', '/users/me'] as const;

export function ProfilePage() {
  const me = useApi().useQuery('get', '/users/me');
  return (
    <section className="panel" aria-labelledby="profile-heading">
      <PageHeading title="Profile" id="profile-heading">
        Profile
      </PageHeading>
      {me.isPending ? (
        <p role="status">Loading your profile…</p>
      ) : me.isError && hasStatus(me.error, 404) ? (
        <CreateProfile />
      ) : me.isError ? (
        <ProblemAlert error={me.error}>
          <button type="button" onClick={() => void me.refetch()}>
            Try again
          </button>
        </ProblemAlert>
      ) : (
        <ProfileView user={me.data} />
      )}
      <DeleteAccount user={me.data} />
    </section>
  );
}

function CreateProfile() {
  const queryClient = useQueryClient();
  const create = useApi().useMutation('post', '/users', {
    onSuccess: (user) => queryClient.setQueryData(ME_KEY, user),
  });
  return (
    <>
      <p>You have no profile yet. Todos need none; a profile gives you a username others cannot take.</p>
      <h2>Create your profile</h2>
      <ProfileForm
        initial={emptyProfileDraft()}
        submitLabel="Create profile"
        busy={create.isPending}
        error={create.error}
        onSubmit={(draft) => create.mutate({ body: userCreateOf(draft) })}
      />
    </>
  );
}

type Mode =
  | { name: 'view' }
  | { name: 'edit'; base: User }
  | { name: 'conflict'; base: User; patch: UserPatch };

function ProfileView({ user }: { user: User }) {
  const queryClient = useQueryClient();
  const [mode, setMode] = useState<Mode>({ name: 'view' });
  const update = useApi().useMutation('patch', '/users/me', {
    onSuccess: (changed) => queryClient.setQueryData(ME_KEY, changed),
  });
  const send = (patch: UserPatch, base: User) =>
    update.mutate(
      { params: { header: { 'If-Match': ifMatchOf(base) } }, body: patch },
      {
        onSuccess: () => setMode({ name: 'view' }),
        onError: (error) => {
          if (!hasStatus(error, 412)) return;
          update.reset();
          setMode({ name: 'conflict', base, patch });
        },
      },
    );

  if (mode.name === 'conflict') {
    return (
      <ProfileConflict base={mode.base} patch={mode.patch} onResolved={() => setMode({ name: 'view' })} />
    );
  }
  if (mode.name === 'edit') {
    return (
      <>
        <h2>Edit your profile</h2>
        <ProfileForm
          initial={profileDraftOf(mode.base)}
          submitLabel="Save profile"
          busy={update.isPending}
          error={update.error}
          onSubmit={(draft) => {
            const patch = userPatchOf(mode.base, draft);
            if (patch) send(patch, mode.base);
            else setMode({ name: 'view' });
          }}
          onCancel={() => {
            update.reset();
            setMode({ name: 'view' });
          }}
        />
      </>
    );
  }
  return (
    <>
      <dl className="facts">
        {PROFILE_FIELDS.map(({ field, label }) => (
          <div key={field} className="fact">
            <dt>{label}</dt>
            <dd>{user[field] || <span className="muted">Not given</span>}</dd>
          </div>
        ))}
      </dl>
      <div className="actions">
        <button
          type="button"
          className="button-primary"
          onClick={() => setMode({ name: 'edit', base: user })}
        >
          Edit profile
        </button>
      </div>
    </>
  );
}

const PROFILE_LABELS = Object.fromEntries(PROFILE_FIELDS.map(({ field, label }) => [field, label]));

function ProfileConflict({ base, patch, onResolved }: { base: User; patch: UserPatch; onResolved(): void }) {
  const queryClient = useQueryClient();
  const current = useApi().useQuery('get', '/users/me');
  const reapply = useApi().useMutation('patch', '/users/me', {
    onSuccess: (changed) => {
      queryClient.setQueryData(ME_KEY, changed);
      onResolved();
    },
  });
  const { refetch } = current;
  useEffect(() => {
    void refetch();
  }, [refetch]);
  useEffect(() => {
    if (hasStatus(reapply.error, 412)) void refetch();
  }, [reapply.error, refetch]);
  const server = current.isFetching ? undefined : current.data;
  const rows = server ? conflictRowsOf(PROFILE_LABELS, base, server, patch) : undefined;
  return (
    <ConflictView
      what="profile"
      rows={rows}
      readError={current.error}
      applying={reapply.isPending}
      applyError={reapply.error}
      onApply={() =>
        server && reapply.mutate({ params: { header: { 'If-Match': ifMatchOf(server) } }, body: patch })
      }
      onDiscard={onResolved}
    />
  );
}

function DeleteAccount({ user }: { user: User | undefined }) {
  const session = useSession();
  const queryClient = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const remove = useApi().useMutation('delete', '/users/me', {
    onSuccess: () => {
      setConfirming(false);
      queryClient.clear();
      void session.end('Your account was deleted. Its todos, files and sign-in go within minutes.');
    },
  });
  return (
    <section className="danger-zone" aria-labelledby="delete-account-heading">
      <h2 id="delete-account-heading">Delete your account</h2>
      <p>Removes your profile, every todo and every attached file, then signs you out.</p>
      <button type="button" className="button-danger" onClick={() => setConfirming(true)}>
        Delete account
      </button>
      <ConfirmDialog
        open={confirming}
        title="Delete your account?"
        confirmLabel="Delete everything"
        busy={remove.isPending}
        onCancel={() => {
          remove.reset();
          setConfirming(false);
        }}
        onConfirm={() => remove.mutate(user ? { params: { header: { 'If-Match': ifMatchOf(user) } } } : {})}
      >
        <p>Your profile, all your todos and all their files will be gone for good. This cannot be undone.</p>
        {remove.error ? <ProblemAlert error={remove.error} /> : null}
      </ConfirmDialog>
    </section>
  );
}
