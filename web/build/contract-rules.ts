/**
 * `virtual:contract-rules`: the field rules of the request bodies the app's forms fill (TodoCreate,
 * UserCreate, AttachmentCreate), read from generated/openapi.json when the app is built, with
 * references and `allOf` resolved. The forms check lengths, patterns, enums and sizes from these, so a
 * limit changed in the contract changes the app on the next build, and the 60 KB document itself never
 * reaches the browser.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Plugin } from 'vite';
import { GENERATED_DIR } from '../../paths';

const MODULE_ID = 'virtual:contract-rules';
const RESOLVED_ID = `\0${MODULE_ID}`;
export const CONTRACT_JSON = join(GENERATED_DIR, 'openapi.json');

/** The bodies whose fields the app validates before sending. */
const BODIES = ['TodoCreate', 'UserCreate', 'AttachmentCreate'] as const;

/** The schema keywords a form can check; the rest (readOnly, examples, ...) stay behind. */
const KEPT = [
  'type',
  'format',
  'description',
  'minLength',
  'maxLength',
  'pattern',
  'enum',
  'minimum',
  'maximum',
  'maxItems',
  'uniqueItems',
  'default',
] as const;

type Schema = Record<string, unknown>;
interface Document {
  components: { schemas: Record<string, Schema> };
}

export interface FieldRule {
  required: boolean;
  type?: string;
  format?: string;
  description?: string;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  enum?: string[];
  minimum?: number;
  maximum?: number;
  maxItems?: number;
  uniqueItems?: boolean;
  default?: unknown;
  items?: FieldRule;
}

/** `{ TodoCreate: { title: {...}, ... }, ... }` for the bodies above. */
export function contractRulesOf(document: Document): Record<string, Record<string, FieldRule>> {
  const resolve = (schema: Schema): Schema => {
    const ref = schema.$ref;
    if (typeof ref === 'string') {
      const name = ref.replace('#/components/schemas/', '');
      const target = document.components.schemas[name];
      if (!target) throw new Error(`generated/openapi.json: ${ref} does not resolve`);
      return resolve(target);
    }
    const { allOf, ...rest } = schema;
    if (!Array.isArray(allOf)) return schema;
    // allOf here only wraps a reference to add a default: the parts never contradict each other.
    return Object.assign({}, ...allOf.map((part) => resolve(part as Schema)), rest);
  };
  const ruleOf = (schema: Schema, required: boolean): FieldRule => {
    const resolved = resolve(schema);
    const rule: FieldRule = { required };
    for (const keyword of KEPT) {
      if (resolved[keyword] !== undefined) Object.assign(rule, { [keyword]: resolved[keyword] });
    }
    if (resolved.items) rule.items = ruleOf(resolved.items as Schema, true);
    return rule;
  };
  return Object.fromEntries(
    BODIES.map((body) => {
      const schema = resolve({ $ref: `#/components/schemas/${body}` });
      const required = new Set((schema.required as string[] | undefined) ?? []);
      const properties = Object.entries((schema.properties ?? {}) as Record<string, Schema>);
      return [body, Object.fromEntries(properties.map(([name, p]) => [name, ruleOf(p, required.has(name))]))];
    }),
  );
}

export function contractRules(): Plugin {
  return {
    name: 'swiftyplanner:contract-rules',
    resolveId: (id) => (id === MODULE_ID ? RESOLVED_ID : undefined),
    load(id) {
      if (id !== RESOLVED_ID) return undefined;
      // The dev server reloads the app when `npm run generate` (or npm start's contract watch) rewrites it.
      this.addWatchFile(CONTRACT_JSON);
      const document = JSON.parse(readFileSync(CONTRACT_JSON, 'utf8')) as Document;
      return `export default ${JSON.stringify(contractRulesOf(document))};`;
    },
  };
}
