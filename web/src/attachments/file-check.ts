/**
 * Whether a picked file may be attached, by the contract's AttachmentCreate limits (type, size,
 * name), decided before anything is declared or uploaded.
 */
import type { AttachmentCreate } from '../../../src/client';
import { checkField, ruleOf } from '../contract/rules';

const RULES = {
  fileName: ruleOf('AttachmentCreate', 'fileName'),
  contentType: ruleOf('AttachmentCreate', 'contentType'),
  size: ruleOf('AttachmentCreate', 'size'),
};

export const ACCEPTED_TYPES = RULES.contentType.enum ?? [];
export const MAX_SIZE = RULES.size.maximum ?? Number.POSITIVE_INFINITY;
const MIN_SIZE = RULES.size.minimum ?? 0;

const NAMES: Record<string, string> = {
  'image/png': 'PNG',
  'image/jpeg': 'JPEG',
  'image/gif': 'GIF',
  'image/webp': 'WebP',
  'application/pdf': 'PDF',
  'text/plain': 'plain text',
  'text/markdown': 'Markdown',
};

export function typeNames(): string {
  return ACCEPTED_TYPES.map((type) => NAMES[type] ?? type).join(', ');
}

export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1).replace(/\.0$/, '')} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1).replace(/\.0$/, '')} MiB`;
}

/** The body to declare the file with, or why it cannot be attached. */
export function checkFile(file: {
  name: string;
  type: string;
  size: number;
}): { ok: true; body: AttachmentCreate } | { ok: false; message: string } {
  const contentType = file.type || typeFromName(file.name);
  if (!contentType || !ACCEPTED_TYPES.includes(contentType)) {
    return {
      ok: false,
      message: `${file.name} is ${contentType ? `of type ${contentType}` : 'of a type the browser cannot tell'}: attach ${typeNames()} files only.`,
    };
  }
  if (file.size < MIN_SIZE)
    return { ok: false, message: `${file.name} is empty: there is nothing to attach.` };
  if (file.size > MAX_SIZE) {
    return {
      ok: false,
      message: `${file.name} is ${formatSize(file.size)}: attachments may be at most ${formatSize(MAX_SIZE)}.`,
    };
  }
  const nameProblem = checkField(RULES.fileName, file.name);
  if (nameProblem) return { ok: false, message: `The file name ${file.name}: ${nameProblem}` };
  return {
    ok: true,
    body: {
      fileName: file.name,
      contentType: contentType as AttachmentCreate['contentType'],
      size: file.size,
    },
  };
}

/** Browsers leave `type` empty for extensions they do not know (Markdown, often). */
function typeFromName(name: string): string | undefined {
  return /\.(md|markdown)$/i.test(name) ? 'text/markdown' : undefined;
}
