/** The profile as its form holds it, checked by the contract's UserCreate limits, and the bodies sent. */
import type { User, UserCreate, UserPatch } from '../../../src/client';
import { checkField, ruleOf } from '../contract/rules';

export interface ProfileDraft {
  username: string;
  firstName: string;
  lastName: string;
  email: string;
  phoneNumber: string;
  bio: string;
}

export type ProfileField = keyof ProfileDraft;

export const PROFILE_FIELDS: { field: ProfileField; label: string }[] = [
  { field: 'username', label: 'Username' },
  { field: 'firstName', label: 'First name' },
  { field: 'lastName', label: 'Last name' },
  { field: 'email', label: 'Email' },
  { field: 'phoneNumber', label: 'Phone number' },
  { field: 'bio', label: 'Bio' },
];

export const PROFILE_RULES = Object.fromEntries(
  PROFILE_FIELDS.map(({ field }) => [field, ruleOf('UserCreate', field)]),
) as Record<ProfileField, ReturnType<typeof ruleOf>>;

/** Optional fields a patch may remove with null. */
const REMOVABLE: ProfileField[] = ['phoneNumber', 'bio'];

export function emptyProfileDraft(): ProfileDraft {
  return { username: '', firstName: '', lastName: '', email: '', phoneNumber: '', bio: '' };
}

export function profileDraftOf(user: User): ProfileDraft {
  return {
    username: user.username,
    firstName: user.firstName,
    lastName: user.lastName,
    email: user.email,
    phoneNumber: user.phoneNumber ?? '',
    bio: user.bio ?? '',
  };
}

function trimmed(draft: ProfileDraft): ProfileDraft {
  const { bio, ...rest } = draft;
  const lines = Object.fromEntries(Object.entries(rest).map(([field, value]) => [field, value.trim()]));
  return { ...(lines as Omit<ProfileDraft, 'bio'>), bio };
}

export function profileErrors(draft: ProfileDraft): Partial<Record<ProfileField, string>> {
  const values = trimmed(draft);
  const errors: Partial<Record<ProfileField, string>> = {};
  for (const { field } of PROFILE_FIELDS) {
    const problem = checkField(PROFILE_RULES[field], values[field]);
    if (problem) errors[field] = problem;
  }
  return errors;
}

export function userCreateOf(draft: ProfileDraft): UserCreate {
  const values = trimmed(draft);
  return {
    username: values.username,
    firstName: values.firstName,
    lastName: values.lastName,
    email: values.email,
    ...(values.phoneNumber ? { phoneNumber: values.phoneNumber } : {}),
    ...(values.bio ? { bio: values.bio } : {}),
  };
}

/** Only what changed; `null` removes the phone number or the bio. Undefined when nothing changed. */
export function userPatchOf(base: User, draft: ProfileDraft): UserPatch | undefined {
  const values = trimmed(draft);
  const before = profileDraftOf(base);
  const patch: Record<string, string | null> = {};
  for (const { field } of PROFILE_FIELDS) {
    if (values[field] === before[field]) continue;
    patch[field] = values[field] === '' && REMOVABLE.includes(field) ? null : values[field];
  }
  return Object.keys(patch).length ? (patch as UserPatch) : undefined;
}
