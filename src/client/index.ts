/** The generated contract types, for wrappers and forms: `operations['listTodos']['parameters']`, say. */
export type { components, operations, paths } from '../../generated/openapi';
export type { TokenProvider } from './bearer-token';
export { createSwiftyClient, type SwiftyClient, type SwiftyClientOptions } from './create-swifty-client';
export type {
  Attachment,
  AttachmentCreate,
  AttachmentDownload,
  AttachmentList,
  AttachmentUpload,
  GatewayError,
  Health,
  OperationId,
  Priority,
  Problem,
  Todo,
  TodoCreate,
  TodoPage,
  TodoPatch,
  User,
  UserCreate,
  UserPatch,
} from './schemas';
