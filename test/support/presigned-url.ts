/** What S3 reads from a presigned URL: who signed it, with which session, and until when it is valid. */
export function presignedUrlParts(url: string) {
  const query = new URL(url).searchParams;
  const date = query.get('X-Amz-Date') ?? '';
  const signedAt = Date.parse(
    `${date.slice(0, 4)}-${date.slice(4, 6)}-${date.slice(6, 8)}T${date.slice(9, 11)}:${date.slice(11, 13)}:${date.slice(13, 15)}Z`,
  );
  const seconds = Number(query.get('X-Amz-Expires'));
  return {
    accessKeyId: (query.get('X-Amz-Credential') ?? '').split('/')[0],
    sessionToken: query.get('X-Amz-Security-Token'),
    seconds,
    until: new Date(signedAt + seconds * 1000).toISOString(),
  };
}
