/**
 * What every screen of the app goes through in the browser tests: axe-core at a phone's width and at a
 * desktop's, and a screenshot at each (git-ignored, under dist/screenshots/) for a person to look at.
 * The axe results of every screen checked are also written to dist/screenshots/<suite>/axe-results.json.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { DIST_DIR } from '../../../paths';

export const SCREENSHOT_DIR = join(DIST_DIR, 'screenshots');

export const WIDTHS = {
  narrow: { width: 390, height: 844 },
  wide: { width: 1280, height: 900 },
} as const;

export interface Violation {
  id: string;
  impact: string | null | undefined;
  help: string;
  targets: string[];
}

export interface ScreenResult {
  screen: string;
  width: keyof typeof WIDTHS;
  /** Every violation's impact counted: minor, moderate, serious, critical. */
  counts: Record<string, number>;
  /** The serious and critical ones, which fail the test. */
  blocking: Violation[];
}

/**
 * Axe and a screenshot at both widths; answers the serious and critical violations found (the
 * caller asserts there are none, so a failure names them). Leaves the page at the wide size.
 */
export async function checkScreen(page: Page, suite: string, screen: string): Promise<Violation[]> {
  const blocking: Violation[] = [];
  const results: ScreenResult[] = [];
  for (const width of Object.keys(WIDTHS) as (keyof typeof WIDTHS)[]) {
    await page.setViewportSize(WIDTHS[width]);
    const axe = await new AxeBuilder({ page }).analyze();
    const counts: Record<string, number> = {};
    const found: Violation[] = [];
    for (const violation of axe.violations) {
      const impact = violation.impact ?? 'unknown';
      counts[impact] = (counts[impact] ?? 0) + violation.nodes.length;
      if (impact === 'serious' || impact === 'critical') {
        found.push({
          id: violation.id,
          impact: violation.impact,
          help: violation.help,
          targets: violation.nodes.map((node) => node.target.join(' ')),
        });
      }
    }
    blocking.push(...found.map((violation) => ({ ...violation, help: `${violation.help} (${width})` })));
    results.push({ screen: `${suite}/${screen}`, width, counts, blocking: found });
    await mkdir(join(SCREENSHOT_DIR, suite), { recursive: true });
    await page.screenshot({ path: join(SCREENSHOT_DIR, suite, `${screen}-${width}.png`), fullPage: true });
  }
  await recordAxeResults(suite, results);
  await page.setViewportSize(WIDTHS.wide);
  return blocking;
}

/** One file per suite: suites run in parallel, the screens of one suite one after another. */
async function recordAxeResults(suite: string, results: ScreenResult[]): Promise<void> {
  const file = join(SCREENSHOT_DIR, suite, 'axe-results.json');
  const stored = JSON.parse(await readFile(file, 'utf8').catch(() => '{}')) as Record<string, ScreenResult>;
  for (const result of results) stored[`${result.screen} (${result.width})`] = result;
  await writeFile(file, `${JSON.stringify(stored, null, 2)}\n`);
}
