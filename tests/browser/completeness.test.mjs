// Reporting rate and timeliness (/rapportering), with JavaScript on and off: a dashboard tile's
// "n / m organisationer rapporterade" leads to it; its table, chart caption and list of those
// who have not reported agree with the API; an administrator sets a quarter's deadline on
// /admin, a bad date is explained, and the page then says the deadline was set. Audited in
// every state.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  audit,
  modes,
  navigate,
  pressInPlace,
  quarters,
  serverAndBrowser,
  signedInContext,
  users,
  visit,
} from './harness.mjs';

/** The last day of `quarter` plus `days`, as `YYYY-MM-DD`. */
function daysAfterEnd(quarter, days) {
  const [, year, q] = /^(\d{4})Q([1-4])$/.exec(quarter);
  // Day 0 of the month after the quarter is its last day.
  const last = new Date(Date.UTC(Number(year), Number(q) * 3, 0));
  return new Date(last.getTime() + days * 86_400_000).toISOString().slice(0, 10);
}

const percent = (n, of) => (of === 0 ? 0 : Math.round((n * 100) / of));

describe('Reporting rate and timeliness', () => {
  const running = serverAndBrowser();

  for (const mode of modes) {
    describe(mode, () => {
      test('leadership follows a tile to the reporting page, which agrees with the API', async (t) => {
        const context = await signedInContext(running.browser, mode, running.server.baseURL, users.viewer);
        try {
          const page = await context.newPage();
          await visit(page, '/');
          const link = page.locator('.figure-context a').first();
          assert.match(await link.textContent(), /^\d{4} K[1-4]: \d+ \/ 12 organisationer rapporterade$/);
          await navigate(
            page,
            () => link.click(),
            (url) => url.pathname === '/rapportering',
            page.locator('h1', { hasText: 'Rapportering' }),
          );
          const to = new URL(page.url()).searchParams.get('to');
          const api = await (await page.request.get(`/api/v1/completeness?to=${to}`)).json();
          assert.equal(api.length, 8);

          await t.test('the table lists every quarter, newest first, as the API counts', async () => {
            const rows = page.locator('table.completeness-table tbody tr');
            assert.equal(await rows.count(), 8);
            for (const [i, row] of [...api].reverse().entries()) {
              const cells = await rows.nth(i).locator('th, td').allTextContents();
              // A deadline an administrator set (the other mode's test sets one) says so.
              const { set } = await (await page.request.get(`/api/v1/deadlines/${row.period}`)).json();
              assert.deepEqual(cells, [
                quarters.label(row.period),
                set ? `${row.deadline} (satt av administratör)` : row.deadline,
                String(row.expected),
                String(row.reported),
                `${percent(row.reported, row.expected)} %`,
                String(row.approved),
                String(row.on_time),
                `${percent(row.on_time, row.expected)} %`,
              ]);
            }
            // The demo has reports that came in late as well as on time.
            const late = api.reduce((sum, row) => sum + row.reported - row.on_time, 0);
            const onTime = api.reduce((sum, row) => sum + row.on_time, 0);
            assert.ok(late > 0 && onTime > 0, `${onTime} on time, ${late} late`);
            await audit(page);
          });

          await t.test('the chart says its latest quarter in words', async () => {
            const newest = api[api.length - 1];
            const caption = await page.locator('figure figcaption').textContent();
            assert.equal(
              caption,
              `${quarters.label(newest.period)}: ${newest.reported} av ${newest.expected} har rapporterat ` +
                `(${percent(newest.reported, newest.expected)} %), ${newest.on_time} i tid ` +
                `(${percent(newest.on_time, newest.expected)} %).`,
            );
            assert.equal(await page.locator('figure svg title').count() > 0, true);
          });

          await t.test('those who have not reported the latest quarter are listed', async () => {
            const newest = api[api.length - 1];
            const heading = page.locator('#missing-heading');
            assert.equal(await heading.textContent(), `Har inte rapporterat: ${quarters.label(newest.period)}`);
            const missing = page.locator('ul.not-reported li');
            assert.equal(await missing.count(), newest.expected - newest.reported);
            const csv = await page.getByRole('link', { name: 'Ladda ned som CSV' }).getAttribute('href');
            assert.ok(csv.startsWith('/api/v1/export/completeness.csv?kind=&from='), csv);
          });
        } finally {
          await context.close();
        }
      });

      test('an administrator sets a quarter\'s deadline', async (t) => {
        const context = await signedInContext(running.browser, mode, running.server.baseURL, users.admin);
        try {
          const page = await context.newPage();
          const quarter = quarters.newest();
          await visit(page, `/admin?period=${quarter}`);
          const field = page.locator('#deadline-day');
          const save = page.getByRole('button', { name: 'Spara sista dag' });

          await t.test('a date that is not one is explained and changes nothing', async () => {
            const before = await (await page.request.get(`/api/v1/deadlines/${quarter}`)).json();
            await field.fill('den femte');
            const summary = page.locator('.error-summary');
            await pressInPlace(page, save, summary);
            assert.equal(
              await summary.getByText('Skriv sista rapporteringsdagen som ÅÅÅÅ-MM-DD.').count(),
              1,
            );
            assert.equal(await page.locator('#deadline-day').getAttribute('aria-invalid'), 'true');
            const stored = await (await page.request.get(`/api/v1/deadlines/${quarter}`)).json();
            assert.deepEqual(stored, before);
            await audit(page);
          });

          await t.test('a good date is saved, said, and used by the reporting page', async () => {
            const day = daysAfterEnd(quarter, mode === 'js' ? 60 : 61);
            await page.locator('#deadline-day').fill(day);
            const notice = page.getByText('Sista rapporteringsdagen är sparad.');
            await pressInPlace(page, page.getByRole('button', { name: 'Spara sista dag' }), notice);
            const stored = await (await page.request.get(`/api/v1/deadlines/${quarter}`)).json();
            assert.deepEqual(stored, { period: quarter, deadline: day, set: true });
            await audit(page);
            await visit(page, `/rapportering?to=${quarter}`);
            const newest = page.locator('table.completeness-table tbody tr').first();
            assert.equal(
              await newest.locator('td').first().textContent(),
              `${day} (satt av administratör)`,
            );
          });
        } finally {
          await context.close();
        }
      });
    });
  }
});
