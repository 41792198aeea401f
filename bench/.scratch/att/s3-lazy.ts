// S3 work loads on first use: the S3 client and presigner are evaluated only when an attachment needs them.
const objects = () => import('../../../src/storage/attachment-objects');
export const objectKey = (sub: string, todoId: string, attachmentId: string) => `users/${sub}/todos/${todoId}/${attachmentId}`;
type O = typeof import('../../../src/storage/attachment-objects');
export const presignUpload: O['presignUpload'] = async (...a) => (await objects()).presignUpload(...a);
export const presignDownload: O['presignDownload'] = async (...a) => (await objects()).presignDownload(...a);
export const deleteObjects: O['deleteObjects'] = async (...a) => (await objects()).deleteObjects(...a);
export const storedObjectSize: O['storedObjectSize'] = async (...a) => (await objects()).storedObjectSize(...a);
