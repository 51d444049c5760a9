// Fair comparison, with JavaScript on and off: an administrator keeps an organisation's size
// on its page (a bad size is explained and changes nothing, a good one is saved and said),
// the page shows where the organisation stands among similar ones, and the dashboard's
// choice of per 1,000 employees stays in the address and in the links to the measure pages.
// Audited in every state.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  audit,
  modes,
  navigate,
  pressInPlace,
  serverAndBrowser,
  signedInContext,
  users,
  visit,
} from './harness.mjs';

const UMEA = '212000-2627';

describe('Organisation sizes and normalised figures', () => {
  const running = serverAndBrowser();

  for (const mode of modes) {
    describe(mode, () => {
      test('an administrator keeps a size on the organisation\'s page', async (t) => {
        const context = await signedInContext(running.browser, mode, running.server.baseURL, users.admin);
        try {
          const page = await context.newPage();
          await visit(page, `/organisationer/${UMEA}`);
          // A year of its own per mode: the two modes share one server.
          const year = mode === 'js' ? '2019' : '2018';
          const stored = async () => (await page.request.get(`/api/v1/organisations/${UMEA}/sizes/${year}`)).status();

          await t.test('the page shows the sizes and the peer group', async () => {
            assert.equal(await page.locator('#sizes-heading').textContent(), 'Storlek');
            assert.match(
              await page.locator('#peers-explained').textContent(),
              /^Liknande organisationer: kommun med 5 000 anställda eller fler år \d{4}, som Umeå kommun\./,
            );
            assert.ok((await page.locator('th', { hasText: 'Median, liknande' }).count()) > 0);
            await audit(page);
          });

          await t.test('a bad size is explained and changes nothing', async () => {
            await page.locator('#size-year').fill(year);
            await page.locator('#size-employees').fill('många');
            const summary = page.locator('.error-summary');
            await pressInPlace(page, page.getByRole('button', { name: 'Spara storleken' }), summary);
            assert.equal(
              await summary.getByText('Antalet anställda ska vara ett heltal från 1 till 1 000 000.').count(),
              1,
            );
            assert.equal(await page.locator('#size-employees').getAttribute('aria-invalid'), 'true');
            assert.equal(await page.locator('#size-employees').inputValue(), 'många', 'what was typed is kept');
            assert.equal(await stored(), 404);
            await audit(page);
          });

          await t.test('a good size is saved and said', async () => {
            await page.locator('#size-year').fill(year);
            await page.locator('#size-employees').fill('8 000');
            await page.locator('#size-inhabitants').fill('120 000');
            const notice = page.getByText('Storleken är sparad.');
            await pressInPlace(page, page.getByRole('button', { name: 'Spara storleken' }), notice);
            const size = await (await page.request.get(`/api/v1/organisations/${UMEA}/sizes/${year}`)).json();
            assert.deepEqual(size, { year: Number(year), employees: 8000, inhabitants: 120000 });
            const row = page.locator('section[aria-labelledby=sizes-heading] tbody tr', { hasText: year });
            assert.deepEqual(await row.locator('th, td').allTextContents(), [year, '8\u00a0000', '120\u00a0000']);
            await audit(page);
          });
        } finally {
          await context.close();
        }
      });

      test('the dashboard shows counts per 1,000 employees and keeps the choice', async () => {
        const context = await signedInContext(running.browser, mode, running.server.baseURL, users.viewer);
        try {
          const page = await context.newPage();
          await visit(page, '/');
          await page.locator('select#filter-normalise').selectOption('per_1000_employees');
          await navigate(
            page,
            () => page.locator('form.filters').getByRole('button', { name: 'Visa' }).click(),
            (url) => url.pathname === '/' && url.searchParams.get('normalise') === 'per_1000_employees',
            page.locator('li.measure-card'),
          );
          assert.equal(await page.locator('select#filter-normalise').inputValue(), 'per_1000_employees');
          assert.ok(
            (await page.locator('abbr', { hasText: 'antal per 1 000 anställda' }).count()) > 0,
            'a count is shown per 1,000 employees',
          );
          assert.ok((await page.locator('abbr', { hasText: '%' }).count()) > 0, 'shares are shown as reported');
          await audit(page);

          const link = page.locator('li.measure-card a[href^="/matt/ideas?"]').first();
          await navigate(
            page,
            () => link.click(),
            (url) => url.pathname === '/matt/ideas',
            page.locator('main h1'),
          );
          assert.equal(new URL(page.url()).searchParams.get('normalise'), 'per_1000_employees');
          assert.equal(await page.locator('select#filter-normalise').inputValue(), 'per_1000_employees');
          await audit(page);
        } finally {
          await context.close();
        }
      });
    });
  }
});
