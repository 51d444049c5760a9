// The quarterly report form, hydrated and as plain form posts, as Skatteverket's analyst:
// choose a report, get refused with invalid figures (nothing saved), then save a figure
// typed with a decimal comma and find it on the organisation's page. With JavaScript, the
// page logs no errors or warnings on the way (no CSP violations, no reactive-graph warnings).

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  assertRendered,
  audit,
  modes,
  pressInPlace,
  quarters,
  serverAndBrowser,
  signedInContext,
  users,
  visit,
  waitForHydration,
  watchConsole,
} from './harness.mjs';

const SKATTEVERKET = '202100-5448';
// The newest demo quarter but one, a draft of Skatteverket's (server/src/demo.rs).
const DRAFT = quarters.shift(quarters.newest(), -1);
const QUARTER = { value: DRAFT, label: quarters.label(DRAFT) };
const ORGANISATION_PAGE = `/organisationer/${SKATTEVERKET}`;
// The series' Swedish name in data/measures.toml; the figures table labels its row
// "<measure number>. <name> (<unit>)".
const SATISFACTION = { key: 'customer_satisfaction', name: 'Nöjd-kund-index' };
// A different valid figure per mode, so that one run cannot pass on the other's save.
const VALID = { js: '74,5', nojs: '81,5' };

/** The text of one cell of the organisation page's figures table. */
async function figure(page, seriesName, quarterLabel) {
  const table = page.locator('table.figures');
  const headers = await table.locator('thead th').allTextContents();
  const column = headers.indexOf(quarterLabel);
  assert.ok(column > 0, `no column "${quarterLabel}" in the figures table: ${headers.join(' | ')}`);
  const row = table.locator('tbody tr').filter({
    has: page.locator('th', { hasText: new RegExp(`^\\d+\\. ${seriesName} \\(`) }),
  });
  assert.equal(await row.count(), 1, `one row for ${seriesName}`);
  return row.locator('th, td').nth(column).textContent();
}

/** Opens the organisation page in a new tab of the same context and reads one figure. */
async function figureOnOrganisationPage(context) {
  const page = await context.newPage();
  try {
    await visit(page, ORGANISATION_PAGE);
    await audit(page);
    return await figure(page, SATISFACTION.name, QUARTER.label);
  } finally {
    await page.close();
  }
}

/** Presses "Spara rapporten" and waits for `expectShown`. */
async function save(page, expectShown) {
  await pressInPlace(page, page.getByRole('button', { name: 'Spara rapporten' }), expectShown);
}

describe('report form', () => {
  const running = serverAndBrowser();

  for (const mode of modes) {
    describe(mode, () => {
      test('refuses invalid figures, then saves a decimal-comma figure', async () => {
        const context = await signedInContext(running.browser, mode, running.server.baseURL, users.analyst);
        try {
          const stored = await figureOnOrganisationPage(context);
          assert.notEqual(stored, VALID[mode], 'the figure to save must differ from the stored one');

          // Choose the report with the chooser form, as a person would.
          const page = await context.newPage();
          const logged = mode === 'js' ? await watchConsole(page) : null;
          await visit(page, '/rapport');
          await audit(page);
          await page.locator('select#choose-organisation').selectOption(SKATTEVERKET);
          await page.locator('select#choose-period').selectOption(QUARTER.value);
          await page.getByRole('button', { name: 'Visa rapporten' }).click();
          await page.waitForURL((url) =>
            url.pathname === '/rapport' &&
            url.searchParams.get('organisation') === SKATTEVERKET &&
            url.searchParams.get('period') === QUARTER.value);
          await waitForHydration(page);
          await assertRendered(page);
          const heading = page.locator('h2#report-heading');
          assert.equal(await heading.textContent(), `Skatteverket – ${QUARTER.label}`);
          await audit(page);

          const satisfaction = page.locator(`#field-${SATISFACTION.key}`);
          const ideas = page.locator('#field-ideas_delivered');
          const label = page.locator(`label[for="field-${SATISFACTION.key}"]`);
          assert.equal(await label.textContent(), SATISFACTION.name);
          const ideasBefore = await ideas.inputValue();

          // Invalid: above the index's maximum of 100, and a fraction where a count must
          // be whole.
          await satisfaction.fill('101');
          await ideas.fill('2,5');
          const summary = page.locator('.error-summary');
          await save(page, summary);
          const problems = summary.locator('li a');
          assert.deepEqual(
            (await problems.evaluateAll((links) => links.map((a) => a.getAttribute('href')))).sort(),
            ['#field-customer_satisfaction', '#field-ideas_delivered'],
          );
          for (const [field, typed] of [[satisfaction, '101'], [ideas, '2,5']]) {
            const id = await field.getAttribute('id');
            assert.equal(await field.getAttribute('aria-invalid'), 'true', `${id} aria-invalid`);
            assert.equal(await field.inputValue(), typed, `${id} keeps what was typed`);
            const error = page.locator(`#${id}-error.field-error`);
            assert.ok((await error.textContent()).trim().length > 0, `${id} has an error message`);
            const describedBy = (await field.getAttribute('aria-describedby')).split(' ');
            assert.ok(describedBy.includes(`${id}-error`), `${id} is described by its error`);
          }
          assert.equal(await page.locator('p[role=status]').count(), 0, 'no "saved" notice after a refused save');
          await audit(page);

          // Nothing was saved.
          assert.equal(await figureOnOrganisationPage(context), stored);

          // Valid, with a decimal comma; put the count back as it was.
          await satisfaction.fill(VALID[mode]);
          await ideas.fill(ideasBefore);
          const notice = page.locator('p[role=status]');
          await save(page, notice);
          assert.equal(await notice.textContent(), 'Rapporten är sparad.');
          await page.waitForURL((url) => url.searchParams.get('sparad') === '1');
          await waitForHydration(page);
          assert.equal(await summary.count(), 0, 'no error summary after saving');
          assert.equal(await satisfaction.inputValue(), VALID[mode]);
          assert.equal(await satisfaction.getAttribute('aria-invalid'), null);
          await audit(page);

          assert.equal(await figureOnOrganisationPage(context), VALID[mode]);
          // The refused save is an answer the page expects (a client error, 4xx); anything
          // else, and any server error, is a failure.
          logged?.assertClean({ warnings: true, refusals: ['/sf/save_report'] });
        } finally {
          await context.close();
        }
      });
    });
  }
});
