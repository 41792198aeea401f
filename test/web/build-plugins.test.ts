/**
 * The app's two build plugins: the contract's field rules (what the forms check before sending) and
 * the initial-JS budget (what fails the build when the first load grows too big).
 */
import { readFile } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { CONTRACT_JSON, contractRulesOf } from '../../web/build/contract-rules';
import { initialJsBudget, initialJsOf } from '../../web/build/initial-js-budget';

type Schemas = Record<string, { properties: Record<string, Record<string, unknown>> }>;

describe('contractRulesOf', () => {
  it('takes each limit from generated/openapi.json, through $ref and allOf', async () => {
    // Prepare
    const document = JSON.parse(await readFile(CONTRACT_JSON, 'utf8'));
    const schemas = document.components.schemas as Schemas;

    // Act
    const rules = contractRulesOf(document);

    // Assess: plain keywords, a $ref (Username), an allOf around a $ref (priority, tags) and its items.
    expect(rules.TodoCreate?.title).toMatchObject({
      required: true,
      maxLength: schemas.TodoCreate?.properties.title?.maxLength,
    });
    expect(rules.TodoCreate?.priority).toMatchObject({
      required: false,
      enum: (schemas.Priority as unknown as { enum: string[] }).enum,
      default: schemas.TodoCreate?.properties.priority?.default,
    });
    expect(rules.TodoCreate?.tags?.items?.pattern).toBe(
      (schemas.Tag as unknown as { pattern: string }).pattern,
    );
    expect(rules.UserCreate?.username).toMatchObject({
      required: true,
      pattern: (schemas.Username as unknown as { pattern: string }).pattern,
      description: expect.any(String),
    });
    expect(rules.AttachmentCreate?.size?.maximum).toBe(
      (schemas.AttachmentSize as unknown as { maximum: number }).maximum,
    );
  });

  it('fails the build on a reference that does not resolve', () => {
    const document = {
      components: {
        schemas: { TodoCreate: { properties: { title: { $ref: '#/components/schemas/Gone' } } } },
      },
    };

    expect(() => contractRulesOf(document)).toThrow('#/components/schemas/Gone does not resolve');
  });
});

describe('the initial-JS budget', () => {
  const chunk = (fileName: string, code: string, imports: string[] = [], isEntry = false) => ({
    type: 'chunk' as const,
    fileName,
    code,
    imports,
    isEntry,
  });
  const bundle = {
    'index.js': chunk('index.js', 'entry();'.repeat(50), ['vendor.js'], true),
    'vendor.js': chunk('vendor.js', 'vendor();'.repeat(50)),
    'later.js': chunk('later.js', 'loadedByImportCall();'.repeat(500)),
    'index.css': { type: 'asset' },
  };

  it('counts the entry and what it imports statically, gzipped, and not what loads later', () => {
    const initial = initialJsOf(bundle);

    expect(initial.files.map((file) => file.fileName).sort()).toEqual(['index.js', 'vendor.js']);
    expect(initial.gzipBytes).toBe(
      gzipSync(bundle['index.js'].code).length + gzipSync(bundle['vendor.js'].code).length,
    );
  });

  it('fails the build over budget, naming the size and the files', () => {
    // Prepare: a budget one byte under what the bundle needs.
    const needed = initialJsOf(bundle).gzipBytes;
    const plugin = initialJsBudget(needed - 1);
    const errors: string[] = [];
    const context = {
      error: (message: string) => {
        errors.push(message);
        throw new Error(message);
      },
    };
    type Hook = (this: typeof context, options: unknown, output: unknown) => void;
    const overBudget = plugin.generateBundle as unknown as Hook;
    const atBudget = initialJsBudget(needed).generateBundle as unknown as Hook;

    // Act / Assess
    expect(() => overBudget.call(context, {}, bundle)).toThrow(/over budget by 0\.0 kB/);
    expect(errors[0]).toContain('index.js');
    expect(() => atBudget.call(context, {}, bundle)).not.toThrow();
  });
});
