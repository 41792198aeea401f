/** Built by web/build/contract-rules.ts from generated/openapi.json. */
declare module 'virtual:contract-rules' {
  import type { FieldRule } from '../../build/contract-rules';

  const rules: Record<'TodoCreate' | 'UserCreate' | 'AttachmentCreate', Record<string, FieldRule>>;
  export default rules;
}
