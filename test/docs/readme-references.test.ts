/**
 * The repository's Markdown (README.md, docs/, src/client/README.md, infra/README.md, any other
 * README), read as a newcomer follows it: every npm script it names, every relative link and
 * `#heading` it points at, and every repository path it quotes must exist. Files only: no servers.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../paths';

/** Not documentation: dependencies, derived output, and dot folders (.git, .data*, bench/.scratch). */
const NOT_DOCS = new Set(['node_modules', 'dist', 'generated', 'coverage']);

function markdownFilesUnder(dir: string): string[] {
  return readdirSync(join(PROJECT_ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.name.startsWith('.') || NOT_DOCS.has(entry.name)) return [];
    if (entry.isDirectory()) return markdownFilesUnder(path);
    return entry.name.endsWith('.md') ? [path] : [];
  });
}

const DOCS = markdownFilesUnder('').map((path) => ({
  path,
  text: readFileSync(join(PROJECT_ROOT, path), 'utf8'),
}));
const scripts = Object.keys(
  (JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as { scripts: object }).scripts,
);
/** The repository's top-level folders: an inline-code path that starts with one is a path to check. */
const TOP_FOLDERS = readdirSync(PROJECT_ROOT, { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && !entry.name.startsWith('.') && !NOT_DOCS.has(entry.name))
  .map((entry) => entry.name);

/** The prose of a Markdown text: fenced code blocks blanked (a `# comment` there is no heading). */
const proseOf = (markdown: string) => markdown.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, '');

/**
 * GitHub's anchors for a document's headings: lower case, punctuation dropped, spaces to hyphens,
 * and `-1`, `-2`, ... after a heading text already seen.
 */
function anchorsOf(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  for (const [, heading = ''] of proseOf(markdown).matchAll(/^#{1,6} +(.+?) *#* *$/gm)) {
    const base = heading
      .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1') // a link in a heading keeps its text
      .toLowerCase()
      .replace(/[^\p{L}\p{N}_\- ]/gu, '')
      .replace(/ /g, '-');
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    anchors.add(count === 0 ? base : `${base}-${count}`);
  }
  return anchors;
}

/** Every match of a pattern's first group, with the document it is in. */
const mentions = (pattern: RegExp, textOf: (text: string) => string = (text) => text) =>
  DOCS.flatMap(({ path, text }) =>
    [...textOf(text).matchAll(pattern)].map((m) => ({ doc: path, value: m[1] ?? '' })),
  );

/** Inline links `[x](target)` and reference definitions `[x]: target`, outside code blocks. */
const links = () =>
  [
    ...mentions(/\]\(<?([^)\s>]+)>?(?:\s+"[^"]*")?\)/g, proseOf),
    ...mentions(/^ {0,3}\[[^\]]+\]: +<?([^\s>]+)/gm, proseOf),
  ].filter(({ value }) => !/^[a-z][a-z+.-]*:/i.test(value)); // not https:, mailto:

/** Where a link's target is, from the repository root; undefined when it leaves the repository. */
function targetOf(doc: string, target: string): { file: string; anchor: string | undefined } | undefined {
  const [path = '', anchor] = target.split('#');
  const file = path ? join(dirname(doc), decodeURI(path)) : doc;
  return relative(PROJECT_ROOT, join(PROJECT_ROOT, file)).startsWith('..') ? undefined : { file, anchor };
}

describe('the Markdown docs', () => {
  it('include the README, every doc under docs/ and the READMEs of src/client and infra', () => {
    const paths = DOCS.map(({ path }) => path);
    expect(paths).toEqual(expect.arrayContaining(['README.md', 'src/client/README.md', 'infra/README.md']));
    expect(paths.filter((path) => path.startsWith('docs/')).length).toBeGreaterThanOrEqual(6);
  });

  it('name only npm scripts that package.json has', () => {
    const named = [
      ...mentions(/\bnpm run (?:--silent )?([a-z][\w:-]*)/g),
      ...mentions(/\bnpm (start|test)\b/g),
    ];
    expect(named.length).toBeGreaterThan(10);
    const unknown = named.filter(({ value }) => !scripts.includes(value));
    expect(unknown.map(({ doc, value }) => `${doc}: npm run ${value}`)).toEqual([]);
  });

  it('link only to files and headings that exist', () => {
    const found = links();
    expect(found.length).toBeGreaterThan(20);
    const broken = found.flatMap(({ doc, value }) => {
      const target = targetOf(doc, value);
      if (!target) return [`${doc}: ${value} (outside the repository)`];
      if (!existsSync(join(PROJECT_ROOT, target.file))) return [`${doc}: ${value} (no such file)`];
      if (target.anchor === undefined) return [];
      if (!target.file.endsWith('.md'))
        return [`${doc}: ${value} (#anchor into a file that is not Markdown)`];
      const anchors = anchorsOf(readFileSync(join(PROJECT_ROOT, target.file), 'utf8'));
      return anchors.has(target.anchor) ? [] : [`${doc}: ${value} (no such heading)`];
    });
    expect(broken).toEqual([]);
  });

  it('quote only repository paths that exist (`src/...`, `infra/...`)', () => {
    const quoted = mentions(/`([\w.-]+\/[^`\s]*)`/g).filter(
      ({ value }) => TOP_FOLDERS.includes(value.split('/')[0] ?? '') && !/[<>*{}…]/.test(value),
    );
    expect(quoted.length).toBeGreaterThan(30);
    const missing = quoted.filter(({ value }) => !existsSync(join(PROJECT_ROOT, value)));
    expect(missing.map(({ doc, value }) => `${doc}: ${value}`)).toEqual([]);
  });

  it('point commands at repository files that exist (file://...)', () => {
    const files = mentions(/file:\/\/([\w./-]+)/g);
    expect(files.length).toBeGreaterThan(1);
    const missing = files.filter(({ value }) => !existsSync(join(PROJECT_ROOT, value)));
    expect(missing.map(({ doc, value }) => `${doc}: ${value}`)).toEqual([]);
  });
});

describe('anchorsOf', () => {
  it('makes GitHub anchors: punctuation dropped, duplicates numbered, code blocks ignored', () => {
    const markdown = [
      '# Deploy to AWS',
      '## 5. Release on every push: the pipeline',
      '## Checked offline (`npx vitest run test/infra`)',
      '## Notes',
      '### Notes',
      '```sh',
      '# not a heading',
      '```',
    ].join('\n');
    expect([...anchorsOf(markdown)]).toEqual([
      'deploy-to-aws',
      '5-release-on-every-push-the-pipeline',
      'checked-offline-npx-vitest-run-testinfra',
      'notes',
      'notes-1',
    ]);
  });
});
