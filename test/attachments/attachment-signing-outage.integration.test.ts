/**
 * When the credentials that sign attachment URLs cannot be had (on AWS: STS refuses or does not
 * answer the AssumeRole of the signer role), creating an attachment answers 500 and records nothing:
 * no pending attachment is left holding one of the todo's slots.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it, onTestFinished, vi } from 'vitest';
import { s3Client } from '../../src/storage/s3-client';
import { SignerRoleError } from '../../src/storage/signer-role-credentials';
import { attachmentBody, createAttachment, sortKeysInPartition, todoOf } from './attachment-requests';

/**
 * The signing client's credentials fail as the signer role's do when STS refuses. Locally (no signer
 * role) the signing client is the container's S3 client.
 */
function failSigningCredentials() {
  const refused = { count: 0 };
  const spy = vi
    .spyOn(s3Client.config as { credentials: unknown }, 'credentials', 'get')
    .mockReturnValue(async () => {
      refused.count++;
      throw new SignerRoleError('Could not assume the attachment signer role: AccessDenied.');
    });
  onTestFinished(() => spy.mockRestore());
  return refused;
}

describe('creating an attachment without signing credentials', () => {
  it('answers 500 and records no attachment', async () => {
    const sub = randomUUID();
    const todoId = await todoOf(sub);
    const refused = failSigningCredentials();

    const created = await createAttachment(sub, todoId, attachmentBody());

    expect(refused.count).toBeGreaterThan(0);
    expect(created.status).toBe(500);
    expect(await sortKeysInPartition(sub, `ATT#${todoId}#`)).toEqual([]);
  });
});
