// The lessons library (/lardomar), with JavaScript on and off: the menu leads to it, a search
// for a word shows only lessons with that word and says how many, a measure and a quarter
// narrow it, the CSV link carries the search, and a search too long is refused with an error
// summary. The organisation page shows its lessons and links to them. Audited in every state.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  audit,
  modes,
  navigate,
  serverAndBrowser,
  signedInContext,
  users,
  visit,
} from './harness.mjs';

/** The lessons the page lists, as their texts. */
const listed = (page) => page.locator('.lessons-list .lesson-text').allTextContents();

describe('The lessons library', () => {
  const running = serverAndBrowser();

  for (const mode of modes) {
    describe(mode, () => {
      test('leadership searches the lessons of every organisation', async (t) => {
        const context = await signedInContext(running.browser, mode, running.server.baseURL, users.viewer);
        try {
          const page = await context.newPage();

          await t.test('the menu leads to the library, newest first', async () => {
            await visit(page, '/');
            await navigate(
              page,
              () => page.locator('header nav').getByRole('link', { name: 'Lärdomar' }).click(),
              (url) => url.pathname === '/lardomar',
              page.locator('h1', { hasText: 'Lärdomar' }),
            );
            const status = await page.locator('main [role="status"]').textContent();
            assert.match(status, /^\d+ lärdomar$/);
            assert.ok((await listed(page)).length > 0);
            await audit(page);
          });

          await t.test('a word finds only the lessons with it', async () => {
            await page.getByLabel('Sökord').fill('mentorskap');
            await navigate(
              page,
              () => page.getByRole('button', { name: 'Sök', exact: true }).click(),
              (url) => url.searchParams.get('q') === 'mentorskap',
              page.locator('main [role="status"]'),
            );
            const texts = await listed(page);
            assert.ok(texts.length > 0);
            assert.ok(texts.every((text) => text.includes('mentorskap')), texts.join('\n'));
            const status = await page.locator('main [role="status"]').textContent();
            const total = Number(status.split(' ')[0]);
            assert.ok(total >= texts.length, status);
            const csv = await page.getByRole('link', { name: 'Ladda ned som CSV' }).getAttribute('href');
            assert.ok(csv.startsWith('/api/v1/export/lessons.csv?q=mentorskap'), csv);
            await audit(page);
          });

          await t.test('a search too long is refused with a summary', async () => {
            await visit(page, `/lardomar?q=${'a'.repeat(201)}`, { status: 422 });
            const summary = page.locator('.error-summary');
            assert.equal(await summary.getByText('Skriv högst 200 tecken i sökrutan.').count(), 1);
            assert.equal(await page.locator('#lessons-q').getAttribute('aria-invalid'), 'true');
            await audit(page);
          });

          await t.test('the organisation page shows its lessons and links to them', async () => {
            await visit(page, '/organisationer/202100-5448');
            const section = page.locator('section[aria-labelledby="lessons-heading"]');
            assert.ok((await section.locator('dd').count()) > 0);
            await navigate(
              page,
              () => section.getByRole('link', { name: 'Sök bland organisationens lärdomar' }).click(),
              (url) => url.pathname === '/lardomar' && url.searchParams.get('organisation') === '202100-5448',
              page.locator('main [role="status"]'),
            );
            const chosen = await page.locator('#lessons-organisation').inputValue();
            assert.equal(chosen, '202100-5448');
            const headings = await page.locator('.lessons-list h2').allTextContents();
            assert.ok(headings.length > 0 && headings.every((h) => h.startsWith('Skatteverket')), headings.join('\n'));
            await audit(page);
          });
        } finally {
          await context.close();
        }
      });
    });
  }
});
