/**
 * The contract's limits for the fields the forms fill, and the check a form runs before it sends
 * anything. Messages read like the API's own (`must be <description>` for a pattern), so a field
 * says the same thing whether the app or the API caught it.
 */
import rules from 'virtual:contract-rules';
import type { FieldRule } from '../../build/contract-rules';

export type { FieldRule };

export function ruleOf(body: keyof typeof rules, field: string): FieldRule {
  const rule = rules[body][field];
  if (!rule) throw new Error(`The contract's ${body} has no field ${field}`);
  return rule;
}

/** The first broken limit of a field's value, as a sentence; undefined when the value is fine. */
export function checkField(rule: FieldRule, value: unknown): string | undefined {
  if (value === undefined || value === '' || value === null) {
    return rule.required ? 'Required.' : undefined;
  }
  if (typeof value === 'string') {
    const length = [...value].length;
    if (rule.minLength !== undefined && length < rule.minLength) {
      return `Use at least ${rule.minLength} ${rule.minLength === 1 ? 'character' : 'characters'}.`;
    }
    if (rule.maxLength !== undefined && length > rule.maxLength) {
      return `Use at most ${rule.maxLength} characters (now ${length}).`;
    }
    if (rule.pattern !== undefined && !new RegExp(rule.pattern, 'u').test(value)) {
      const description = (rule.description ?? `like ${rule.pattern}`).replace(/`([^`]+)`/g, '“$1”');
      return `Must be ${lowerFirst(description).replace(/\.$/, '')}.`;
    }
    if (rule.format === 'email' && !/^[^\s@]+@[^\s@]+$/.test(value)) return 'Must be an email address.';
    if (rule.enum && !rule.enum.includes(value)) return `Must be one of ${rule.enum.join(', ')}.`;
  }
  if (typeof value === 'number') {
    if (rule.minimum !== undefined && value < rule.minimum) return `Must be at least ${rule.minimum}.`;
    if (rule.maximum !== undefined && value > rule.maximum) return `Must be at most ${rule.maximum}.`;
  }
  if (Array.isArray(value)) {
    if (rule.maxItems !== undefined && value.length > rule.maxItems) {
      return `At most ${rule.maxItems} (now ${value.length}).`;
    }
    if (rule.uniqueItems && new Set(value).size !== value.length) return 'Each only once.';
    if (rule.items) {
      for (const item of value) {
        const problem = checkField(rule.items, item);
        if (problem) return `"${item}": ${lowerFirst(problem)}`;
      }
    }
  }
  return undefined;
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}
