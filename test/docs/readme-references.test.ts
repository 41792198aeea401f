import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../paths';

/** The READMEs a newcomer follows: what they tell people to run or open must exist. */
const READMES = ['README.md', 'infra/README.md', 'src/store/README.md'].map((path) => ({
  path,
  text: readFileSync(join(PROJECT_ROOT, path), 'utf8'),
}));
const scripts = Object.keys(
  (JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as { scripts: object }).scripts,
);

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens. */
const anchorOf = (heading: string) =>
  heading
    .trim()
    .toLowerCase()
    .replace(/[^\w\- ]/g, '')
    .replace(/ /g, '-');
const anchorsOf = (markdown: string) =>
  new Set([...markdown.matchAll(/^#{1,6} (.+)$/gm)].map((m) => anchorOf(m[1] ?? '')));

/** Every match of a pattern's first group, with the README it is in. */
const mentions = (pattern: RegExp) =>
  READMES.flatMap(({ path, text }) =>
    [...text.matchAll(pattern)].map((m) => ({ readme: path, value: m[1] ?? '' })),
  );

describe('the READMEs', () => {
  it('name only npm scripts that package.json has', () => {
    const named = [
      ...mentions(/\bnpm run (?:--silent )?([a-z][\w:-]*)/g),
      ...mentions(/\bnpm (start|test)\b/g),
    ];
    expect(named.length).toBeGreaterThan(10);
    for (const { readme, value } of named) expect(scripts, `${readme}: npm run ${value}`).toContain(value);
  });

  it('link only to files and headings that exist', () => {
    const links = mentions(/\]\(([^)\s]+)\)/g).filter(({ value }) => !/^[a-z]+:/.test(value)); // not https:
    expect(links.length).toBeGreaterThan(5);
    for (const { readme, value } of links) {
      const [path = '', anchor] = value.split('#');
      const file = join(PROJECT_ROOT, path ? join(dirname(readme), path) : readme);
      expect(existsSync(file), `${readme}: ${value}`).toBe(true);
      if (anchor) expect(anchorsOf(readFileSync(file, 'utf8')), `${readme}: ${value}`).toContain(anchor);
    }
  });

  it('point commands at repository files that exist (file://...)', () => {
    const files = mentions(/file:\/\/([\w./-]+)/g);
    expect(files.length).toBeGreaterThan(2);
    for (const { readme, value } of files)
      expect(existsSync(join(PROJECT_ROOT, value)), `${readme}: ${value}`).toBe(true);
  });
});
