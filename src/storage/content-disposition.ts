/**
 * `Content-Disposition: attachment` for a user-supplied file name (RFC 6266 with RFC 8187 encoding).
 * The quoted `filename` is an ASCII fallback with quotes, backslashes and non-ASCII replaced, so the
 * header cannot be broken out of; `filename*` carries the exact name percent-encoded as UTF-8.
 */
export function attachmentDisposition(fileName: string): string {
  const fallback = fileName.replace(/[^\x20-\x7e]|["\\%]/g, '_');
  const encoded = encodeURIComponent(fileName).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}
