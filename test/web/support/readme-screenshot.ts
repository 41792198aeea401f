/**
 * The screenshot the README shows, docs/screenshots/todos.png: taken by the browser suite from a
 * seeded account on the local stack, never drawn by hand. `npm run screenshots` (SCREENSHOTS=update)
 * writes it into docs/; otherwise it goes under dist/screenshots/ with the others.
 */
import { mkdir, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Page } from 'playwright-core';
import { PROJECT_ROOT } from '../../../paths';
import { SCREENSHOT_DIR } from './screen-check';

export const README_SCREENSHOT = join(PROJECT_ROOT, 'docs', 'screenshots', 'todos.png');

export async function updateReadmeScreenshot(page: Page): Promise<{ path: string; bytes: number }> {
  const path =
    process.env.SCREENSHOTS === 'update' ? README_SCREENSHOT : join(SCREENSHOT_DIR, 'readme-todos.png');
  await mkdir(dirname(path), { recursive: true });
  await page.setViewportSize({ width: 1100, height: 760 });
  await page.screenshot({ path });
  return { path, bytes: (await stat(path)).size };
}
