/**
 * JSON text is UTF-8 (RFC 8259 §8.1), and a JSON string can still spell a lone surrogate as an
 * escape (`"\ud800"`), which no UTF-8 can carry. Stored, such a string breaks whatever encodes it
 * later (a download's Content-Disposition threw on one), so the request is refused with a field error.
 */
import type { FieldError } from './errors';
import { escapeToken } from './field-errors';

/** A surrogate that is not half of a pair: with the `u` flag, a well-formed pair is one code point. */
const LONE_SURROGATE = /\p{Cs}/u;
const LONE_SURROGATES = /\p{Cs}/gu;

const MESSAGE =
  'must be well-formed Unicode: it holds a lone surrogate (\\ud800-\\udfff) that UTF-8 cannot encode';

/**
 * The first `limit` strings (values or member names) of a parsed JSON value that are not well-formed.
 * Iterative, not recursive: a body nested 100,000 deep must get its 400, not overflow the stack.
 */
export function illFormedStringsOf(value: unknown, pointer: string, limit = 10): FieldError[] {
  const found: FieldError[] = [];
  const pending: Array<[unknown, string]> = [[value, pointer]];
  while (pending.length > 0 && found.length < limit) {
    const [node, at] = pending.pop() as [unknown, string];
    if (typeof node === 'string') {
      if (LONE_SURROGATE.test(node)) found.push({ pointer: at, message: MESSAGE });
    } else if (Array.isArray(node)) {
      for (let index = node.length - 1; index >= 0; index--) pending.push([node[index], `${at}/${index}`]);
    } else if (node !== null && typeof node === 'object') {
      for (const [name, member] of Object.entries(node).reverse()) {
        // The name goes into the pointer as well-formed text, so the problem itself stays encodable.
        const token = `${at}/${escapeToken(name.replace(LONE_SURROGATES, '\ufffd'))}`;
        if (LONE_SURROGATE.test(name)) found.push({ pointer: token, message: `its name ${MESSAGE}` });
        pending.push([member, token]);
      }
    }
  }
  return found.slice(0, limit);
}

/** `; name=value` or `; name="quoted value"`: a quoted value may hold `;` (RFC 9110 §5.6.6). */
const PARAMETER = /;\s*([^\s=;]+)\s*=\s*("(?:[^"\\]|\\.)*"|[^;]*)/g;

/**
 * `application/json; charset=iso-8859-1` → `iso-8859-1`; `undefined` without a charset. Only UTF-8
 * (and ASCII, a part of it) is JSON, so any other charset is refused rather than decoded as UTF-8
 * into replacement characters.
 */
export function charsetOf(contentType: string | undefined): string | undefined {
  for (const [, name = '', value = ''] of contentType?.matchAll(PARAMETER) ?? []) {
    if (name.toLowerCase() === 'charset') return value.trim().replace(/^"|"$/g, '').toLowerCase();
  }
  return undefined;
}

export function isUtf8Charset(charset: string): boolean {
  return charset === 'utf-8' || charset === 'utf8' || charset === 'us-ascii';
}
