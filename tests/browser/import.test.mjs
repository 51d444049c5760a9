// The CSV upload page, with JavaScript on and off: a file with problems shows every one of
// them by line and column and stores nothing; a good file shows its changes, and once
// confirmed the figure is on the organisation page. Every page is audited with axe.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  audit,
  modes,
  quarters,
  serverAndBrowser,
  signedInContext,
  users,
  visit,
  watchConsole,
} from './harness.mjs';

const SKATTEVERKET = '202100-5448';
// One demo quarter and figure per mode, so the two runs cannot mask each other: quarters that
// the demo keeps as Skatteverket's drafts (the three before the newest, server/src/demo.rs),
// written as Statistics Sweden does (YYYYKn).
const draft = (by, typed) => {
  const value = quarters.shift(quarters.newest(), by);
  return { period: value.replace('Q', 'K'), column: quarters.label(value), typed };
};
const GOOD = {
  js: draft(-2, '88,5'),
  nojs: draft(-3, '81,5'),
};
const BAD_QUARTER = quarters.shift(quarters.newest(), -2);
const BAD =
  'organisation_number,period,series,value\n' +
  `${SKATTEVERKET},${BAD_QUARTER},customer_satisfaction,101\n` +
  `${SKATTEVERKET},2026Q5,tv_series,1\n` +
  `${SKATTEVERKET},${BAD_QUARTER},ideas_delivered,2.5\n`;

/** Chooses `text` as the upload's file and presses "Granska filen": a plain POST either way. */
async function upload(page, name, text) {
  await visit(page, '/import');
  await page.setInputFiles('#import-file', { name, mimeType: 'text/csv', buffer: Buffer.from(text) });
  await Promise.all([
    page.waitForURL(/\/import\/granska\/[0-9a-f]+$/),
    page.getByRole('button', { name: 'Granska filen' }).click(),
  ]);
  await page.locator('h1', { hasText: 'Granska importen' }).waitFor();
}

/** The problems table as [line, column, message] rows. */
const problemRows = (page) =>
  page.locator('table.import-problems tbody tr').evaluateAll((rows) =>
    rows.map((row) => [...row.querySelectorAll('td')].map((td) => td.textContent.trim())),
  );

/** The figure shown for customer satisfaction in the organisation page's column `column`. */
async function satisfactionShown(page, column) {
  await visit(page, `/organisationer/${SKATTEVERKET}`);
  return page.locator('table.figures').evaluate((table, column) => {
    const index = [...table.querySelectorAll('thead th')].findIndex((th) => th.textContent.trim() === column);
    const row = [...table.querySelectorAll('tbody tr')].find((tr) =>
      tr.querySelector('th').textContent.includes('Nöjd-kund-index'),
    );
    return index > 0 && row ? row.children[index].textContent.trim() : null;
  }, column);
}

describe('import page', () => {
  const running = serverAndBrowser();

  for (const mode of modes) {
    const good = GOOD[mode];
    describe(mode, () => {
      test('a bad file is refused with every problem, a good one is previewed and stored', async () => {
        const context = await signedInContext(running.browser, mode, running.server.baseURL, users.analyst);
        try {
          const page = await context.newPage();
          const logged = mode === 'js' ? await watchConsole(page) : null;
          await visit(page, '/import');
          await audit(page);
          const before = await satisfactionShown(page, good.column);
          assert.notEqual(before, good.typed, 'the new figure must differ from the stored one');

          await upload(page, 'fel.csv', BAD);
          assert.match(await page.locator('.error-summary').textContent(), /Filen har fel/);
          assert.deepEqual(await problemRows(page), [
            // Each names the series by name and key and the value given (#22).
            ['2', 'value', 'Nöjd-kund-index (customer_satisfaction): 101 – Värdet ska vara mellan 0 och 100.'],
            ['3', 'period', '”2026Q5” – Inget giltigt kvartal (ÅÅÅÅKn eller ÅÅÅÅQn).'],
            ['4', 'value', 'Levererade idéer (ideas_delivered): 2.5 – Skriv ett heltal.'],
          ]);
          assert.equal(await page.getByRole('button', { name: 'Bekräfta och spara' }).count(), 0);
          await audit(page);

          const csv = `organisation_number;period;series;value\n${SKATTEVERKET.replace('-', '')};${good.period};customer_satisfaction;${good.typed}\n`;
          await upload(page, 'bra.csv', csv);
          const review = new URL(page.url()).pathname;
          const change = await page.locator('table.import-changes tbody tr').allTextContents();
          assert.equal(change.length, 1, `one change: ${change}`);
          // The series by its name in the reader's language, not its key (#22).
          assert.match(change[0], new RegExp(`Skatteverket${good.column}Nöjd-kund-index.*${good.typed}`));
          await audit(page);
          assert.equal(await satisfactionShown(page, good.column), before, 'the preview stored nothing');

          await visit(page, review);
          await Promise.all([
            page.waitForURL(/\/import\?klar=1&andrade=1$/),
            page.getByRole('button', { name: 'Bekräfta och spara' }).click(),
          ]);
          await page.locator('p[role=status]', { hasText: 'Importen är sparad: 1 rad, 1 ändring.' }).waitFor();
          await audit(page);
          assert.equal(await satisfactionShown(page, good.column), good.typed);
          logged?.assertClean({ warnings: true });
        } finally {
          await context.close();
        }
      });
    });
  }
});
