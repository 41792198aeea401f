/**
 * The one Cognito user pools API operation the application calls, on the provider's origin as
 * Cognito serves its API at `https://cognito-idp.<region>.amazonaws.com/`: AdminDeleteUser, in AWS's
 * JSON 1.1 protocol, so `@aws-sdk/client-cognito-identity-provider` pointed at the provider
 * (`endpoint`) works unchanged.
 *
 *   POST /   X-Amz-Target: AWSCognitoIdentityProviderService.AdminDeleteUser
 *            Content-Type: application/x-amz-json-1.1   {"UserPoolId": "...", "Username": "..."}
 *   200 {}                                    the user is gone, and with them their refresh tokens
 *   400 {"__type":"UserNotFoundException"}    no such user
 *   400 {"__type":"ResourceNotFoundException"} another user pool id
 *   400 {"__type":"InvalidParameterException"} a parameter missing or outside the API's constraints
 *
 * `Username` is the user's username, which in this pool (and in infra/template.yaml's, whose sign-in
 * name is the email) is the sub; Cognito also takes an alias (there the email), here the sign-in name.
 * Requests are not checked for a SigV4 signature.
 */
import type { ProviderResponse } from './provider-http';
import type { LocalUserPool } from './user-pool';

export const ADMIN_DELETE_USER_TARGET = 'AWSCognitoIdentityProviderService.AdminDeleteUser';

/** The constraints of AdminDeleteUser's parameters in the Cognito API reference. */
const CONSTRAINTS = {
  UserPoolId: { max: 55, pattern: /^[\w-]+_[0-9a-zA-Z]+$/u, pretty: '[\\w-]+_[0-9a-zA-Z]+' },
  Username: {
    max: 128,
    pattern: /^[\p{L}\p{M}\p{S}\p{N}\p{P}]+$/u,
    pretty: '[\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}]+',
  },
} as const;

function awsJson(status: number, body: unknown, errorType?: string): ProviderResponse {
  return {
    status,
    headers: {
      'content-type': 'application/x-amz-json-1.1',
      ...(errorType ? { 'x-amzn-errortype': errorType } : {}),
    },
    body: JSON.stringify(body),
  };
}

function awsError(type: string, message: string): ProviderResponse {
  return awsJson(400, { __type: type, message }, type);
}

export async function cognitoAdminApi(
  target: string | undefined,
  body: string,
  deps: { userPoolId: string; users: LocalUserPool },
): Promise<ProviderResponse> {
  if (target !== ADMIN_DELETE_USER_TARGET) {
    return awsError(
      'UnknownOperationException',
      `The local user pool emulates only ${ADMIN_DELETE_USER_TARGET}, not ${target ?? '(no X-Amz-Target)'}.`,
    );
  }
  let input: Record<string, unknown>;
  try {
    const parsed: unknown = JSON.parse(body || '{}');
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
      throw new Error('not an object');
    input = parsed as Record<string, unknown>;
  } catch {
    return awsError('SerializationException', 'The request body is not a JSON object.');
  }

  const problems = (Object.keys(CONSTRAINTS) as (keyof typeof CONSTRAINTS)[]).flatMap((name) => {
    const value = input[name];
    const member = `${name.charAt(0).toLowerCase()}${name.slice(1)}`;
    const { max, pattern, pretty } = CONSTRAINTS[name];
    if (value === undefined || value === null)
      return [`Value null at '${member}' failed to satisfy constraint: Member must not be null`];
    if (typeof value !== 'string' || value.length < 1 || value.length > max)
      return [
        `Value at '${member}' failed to satisfy constraint: Member must have length between 1 and ${max}`,
      ];
    if (!pattern.test(value))
      return [
        `Value at '${member}' failed to satisfy constraint: Member must satisfy regular expression pattern: ${pretty}`,
      ];
    return [];
  });
  if (problems.length > 0) {
    const count = `${problems.length} validation error${problems.length === 1 ? '' : 's'} detected: `;
    return awsError('InvalidParameterException', count + problems.join('; '));
  }

  const userPoolId = input.UserPoolId as string;
  if (userPoolId !== deps.userPoolId)
    return awsError('ResourceNotFoundException', `User pool ${userPoolId} does not exist.`);
  if (!(await deps.users.delete(input.Username as string)))
    return awsError('UserNotFoundException', 'User does not exist.');
  return awsJson(200, {});
}
