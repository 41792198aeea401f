export { createAttachment } from './create-attachment';
export { deleteAttachment } from './delete-attachment';
export { getAttachment } from './get-attachment';
export { listAttachments } from './list-attachments';
