/**
 * PUTs a file's bytes straight to S3 at a presigned URL, with progress. Not the API, so not the
 * typed client: XMLHttpRequest, because fetch reports no upload progress.
 *
 * The signature covers the returned headers, so every one is sent as given, except Content-Length,
 * which a browser refuses to let a page set: it sends the body's length itself, which is the declared
 * size because the file is the one declared (checked below, before the request).
 */
import type { AttachmentUpload } from '../../../src/client';

export class UploadError extends Error {
  override name = 'UploadError';
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

const SET_BY_THE_BROWSER = new Set(['content-length', 'host']);

export function putToPresignedUrl(
  upload: AttachmentUpload['upload'],
  file: Blob,
  onProgress: (loaded: number, total: number) => void,
  signal?: AbortSignal,
): Promise<void> {
  const declared = Object.entries(upload.headers).find(
    ([name]) => name.toLowerCase() === 'content-length',
  )?.[1];
  if (declared !== undefined && Number(declared) !== file.size) {
    return Promise.reject(
      new UploadError(`The file is ${file.size} bytes but was declared as ${declared}: pick it again.`, 0),
    );
  }
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open(upload.method, upload.url);
    for (const [name, value] of Object.entries(upload.headers)) {
      if (!SET_BY_THE_BROWSER.has(name.toLowerCase())) request.setRequestHeader(name, value);
    }
    request.upload.onprogress = (event) =>
      onProgress(event.loaded, event.lengthComputable ? event.total : file.size);
    request.onload = () => {
      if (request.status >= 200 && request.status < 300) {
        onProgress(file.size, file.size);
        resolve();
        return;
      }
      // S3 answers XML: its <Code> and <Message> say why (an expired URL, a signature mismatch).
      const code = /<Code>([^<]+)<\/Code>/.exec(request.responseText)?.[1];
      const message = /<Message>([^<]+)<\/Message>/.exec(request.responseText)?.[1];
      reject(
        new UploadError(
          `Storage refused the upload (HTTP ${request.status}${code ? `, ${code}` : ''})${message ? `: ${message}` : ''}. Delete the pending attachment and try again.`,
          request.status,
        ),
      );
    };
    request.onerror = () =>
      reject(
        new UploadError('The upload did not reach storage (network error or CORS refusal). Try again.', 0),
      );
    request.onabort = () => reject(new UploadError('The upload was cancelled.', 0));
    signal?.addEventListener('abort', () => request.abort(), { once: true });
    request.send(file);
  });
}
