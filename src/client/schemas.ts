/** The contract's representations under their domain names, for code that consumes the API. */
import type { components, operations } from '../../generated/openapi';

type Schemas = components['schemas'];

export type User = Schemas['User'];
export type UserCreate = Schemas['UserCreate'];
export type UserPatch = Schemas['UserPatch'];
export type Todo = Schemas['Todo'];
export type TodoCreate = Schemas['TodoCreate'];
export type TodoPatch = Schemas['TodoPatch'];
export type TodoPage = Schemas['TodoPage'];
export type Priority = Schemas['Priority'];
export type Attachment = Schemas['Attachment'];
export type AttachmentCreate = Schemas['AttachmentCreate'];
export type AttachmentUpload = Schemas['AttachmentUpload'];
export type AttachmentDownload = Schemas['AttachmentDownload'];
export type AttachmentList = Schemas['AttachmentList'];
export type Health = Schemas['Health'];
/** RFC 9457 problem: every 4xx/5xx the API's functions answer (`application/problem+json`). */
export type Problem = Schemas['Problem'];
/** `{"message": ...}`: what API Gateway answers itself (401 from the JWT authorizer, 429 from throttling). */
export type GatewayError = Schemas['GatewayError'];
/** `createTodo`, `getMyUser`, ...: the contract's operationIds. */
export type OperationId = keyof operations;
