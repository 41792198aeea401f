/**
 * The S3 side of attachments, loaded on first use. In the single-file bundle esbuild keeps a
 * dynamically imported module unevaluated until the import runs, so the todos function's cold
 * start does not pay for the S3 client and the presigner unless the request needs them.
 */
export const attachmentStorage = () => import('../../storage/attachment-objects');
