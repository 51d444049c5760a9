// What analysts and administrators stumbled on in the forms and the report workflow (issue
// #22, items 1, 2, 3 and 8), with JavaScript on and off, every page state audited with axe:
// submitting saves what the form shows (and refuses what it would refuse to save), the
// workflow buttons come after the fields, new users start as viewers, the report chooser
// starts where each user has work, a failed save moves focus to its summary, the approved
// report says so once, the buttons are named apart, reopening asks for a reason the analysts
// then read, the organisation page explains its percentile and trend, and a refused import
// keeps its upload field.

import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  audit,
  modes,
  pressInPlace,
  quarters,
  reopenAsAdmin,
  serverAndBrowser,
  signedInContext,
  users,
  visit,
  watchConsole,
} from './harness.mjs';

const SKATTEVERKET = '202100-5448';
// The demo's statuses (server/src/demo.rs): Skatteverket's three quarters before the newest are
// drafts, the older ones approved. Each mode and test has a quarter of its own; the approved
// ones are reopened before the tests, as an administrator would, so that every one is a draft.
const at = (by) => quarters.shift(quarters.newest(), by);
const QUARTER = {
  submit: { js: at(-1), nojs: at(-2) },
  refused: { js: at(-3), nojs: at(-4) },
  reopen: { js: at(-5), nojs: at(-6) },
};
const REOPENED = [at(-4), at(-5), at(-6), at(-7)];
// A figure per mode that the demo does not have.
const TYPED = { js: '99', nojs: '98' };
// Organisations that the demo does not have (valid check digits); their names sort after
// every demo organisation's, so only a missing report can put them first.
const NEW_ORGANISATION = {
  js: { number: '212000-3005', name: 'Uppsala kommun', kind: 'Kommun' },
  nojs: { number: '232100-0008', name: 'Region Uppsala', kind: 'Region' },
};
const BAD_CSV =
  'organisation_number,period,series,value\n' +
  `${SKATTEVERKET},${at(-2)},customer_satisfaction,101\n`;
const GOOD_CSV =
  'organisation_number,period,series,value\n' +
  `${SKATTEVERKET},${at(-7)},customer_satisfaction,63.25\n`;

const reportPath = (organisation, period) => `/rapport?organisation=${organisation}&period=${period}`;

/** The text of the report's status line, e.g. "Utkast". */
async function status(page) {
  const line = (await page.locator('p.report-status').textContent()).trim();
  return /^Status: (\S+)/.exec(line)?.[1];
}

/** The button that submits the report. */
const submitButton = (page) => page.locator('div.workflow').getByRole('button', { name: 'Skicka in rapporten' });

/** The labels of the workflow buttons shown now. */
const workflowButtons = (page) => page.locator('div.workflow button').allTextContents();

/** Whether `later` comes after `earlier` in the document (and so in the tab order). */
const comesAfter = (page, later, earlier) =>
  page.evaluate(
    ([l, e]) => {
      const [a, b] = [document.querySelector(l), document.querySelector(e)];
      return Boolean(a && b && b.compareDocumentPosition(a) & Node.DOCUMENT_POSITION_FOLLOWING);
    },
    [later, earlier],
  );

describe('usability of the forms and the workflow', () => {
  const running = serverAndBrowser();
  before(() => reopenAsAdmin(running.server.baseURL, SKATTEVERKET, REOPENED, 'Testet behöver ett utkast.'));

  for (const mode of modes) {
    describe(mode, () => {
      test('a new user starts as a viewer', async () => {
        const context = await signedInContext(running.browser, mode, running.server.baseURL, users.admin);
        try {
          const page = await context.newPage();
          await visit(page, '/admin/anvandare');
          assert.equal(await page.locator('#new-role').inputValue(), 'viewer');
          assert.equal(
            await page.locator('#new-role option:checked').textContent(),
            'Läsare (ledning)',
          );
          await audit(page);
        } finally {
          await context.close();
        }
      });

      test('the chooser starts on the analyst\'s own organisation and the quarter due', async () => {
        const context = await signedInContext(running.browser, mode, running.server.baseURL, users.analyst);
        try {
          const page = await context.newPage();
          await visit(page, '/rapport');
          assert.equal(await page.locator('#choose-organisation').inputValue(), SKATTEVERKET);
          assert.equal(await page.locator('#choose-period').inputValue(), quarters.newest());
          assert.equal(await page.getByRole('button', { name: 'Visa rapporten', exact: true }).count(), 1);
          await audit(page);
        } finally {
          await context.close();
        }
      });

      test('the administrator\'s chooser starts on the first organisation missing its report', async () => {
        const organisation = NEW_ORGANISATION[mode];
        const context = await signedInContext(running.browser, mode, running.server.baseURL, users.admin);
        try {
          const page = await context.newPage();
          await visit(page, '/admin/organisationer');
          await page.locator('#new-organisation_number').fill(organisation.number);
          await page.locator('#new-name').fill(organisation.name);
          await page.locator('#new-kind').selectOption({ label: organisation.kind });
          await pressInPlace(
            page,
            page.getByRole('button', { name: 'Lägg till organisation' }),
            page.locator('form.admin-row legend', { hasText: organisation.name }),
          );

          await visit(page, '/rapport');
          assert.equal(await page.locator('#choose-organisation').inputValue(), organisation.number);
          assert.equal(await page.locator('#choose-period').inputValue(), quarters.newest());
          await audit(page);
        } finally {
          await context.close();
        }
      });

      test('submitting saves the figures changed in the form first', async () => {
        const period = QUARTER.submit[mode];
        const context = await signedInContext(running.browser, mode, running.server.baseURL, users.analyst);
        try {
          const page = await context.newPage();
          const logged = mode === 'js' ? await watchConsole(page) : null;
          await visit(page, reportPath(SKATTEVERKET, period));
          assert.equal(await status(page), 'Utkast');
          assert.deepEqual(await workflowButtons(page), ['Skicka in rapporten']);
          const satisfaction = page.locator('#field-customer_satisfaction');
          assert.notEqual(await satisfaction.inputValue(), TYPED[mode]);

          // Changed and not saved: submitting stores what is shown.
          await satisfaction.fill(TYPED[mode]);
          await pressInPlace(page, submitButton(page),
            page.locator('p[role=status]', { hasText: 'Rapporten är inskickad för godkännande.' }));
          assert.equal(await status(page), 'Inskickad');
          assert.equal(await satisfaction.inputValue(), TYPED[mode]);
          assert.equal(await page.locator('section.report p[role=alert]').count(), 0);
          await audit(page);

          // Read again from the server, in a page of its own.
          const fresh = await context.newPage();
          await visit(fresh, reportPath(SKATTEVERKET, period));
          assert.equal(await status(fresh), 'Inskickad');
          assert.equal(await fresh.locator('#field-customer_satisfaction').inputValue(), TYPED[mode]);
          await fresh.close();
          logged?.assertClean({ warnings: true });
        } finally {
          await context.close();
        }
      });

      test('submitting figures the save refuses submits nothing and shows why', async () => {
        const period = QUARTER.refused[mode];
        const context = await signedInContext(running.browser, mode, running.server.baseURL, users.analyst);
        try {
          const page = await context.newPage();
          const logged = mode === 'js' ? await watchConsole(page) : null;
          await visit(page, reportPath(SKATTEVERKET, period));
          assert.equal(await status(page), 'Utkast');
          const satisfaction = page.locator('#field-customer_satisfaction');
          await satisfaction.fill('101');
          const summary = page.locator('.error-summary');
          await pressInPlace(page, submitButton(page), summary);
          assert.deepEqual(
            await summary.locator('li a').evaluateAll((links) => links.map((a) => a.getAttribute('href'))),
            ['#field-customer_satisfaction'],
          );
          assert.equal(await satisfaction.inputValue(), '101');
          assert.equal(await satisfaction.getAttribute('aria-invalid'), 'true');
          assert.equal(await status(page), 'Utkast');
          if (mode === 'js') {
            // With JavaScript the page is not loaded again, so focus must be moved.
            await page.waitForFunction(() => document.activeElement?.id === 'error-summary', null, { timeout: 5_000 })
              .catch(() => {});
            assert.equal(await page.evaluate(() => document.activeElement?.id), 'error-summary',
              'focus is on the error summary after a failed save');
          }
          await audit(page);

          const fresh = await context.newPage();
          await visit(fresh, reportPath(SKATTEVERKET, period));
          assert.equal(await status(fresh), 'Utkast', 'nothing was submitted');
          assert.notEqual(await fresh.locator('#field-customer_satisfaction').inputValue(), '101');
          await fresh.close();
          logged?.assertClean({ warnings: true, refusals: ['/sf/save_report'] });
        } finally {
          await context.close();
        }
      });

      test('the workflow buttons come after the fields', async () => {
        const context = await signedInContext(running.browser, mode, running.server.baseURL, users.analyst);
        try {
          const page = await context.newPage();
          await visit(page, reportPath(SKATTEVERKET, at(-3)));
          assert.deepEqual(await workflowButtons(page), ['Skicka in rapporten']);
          // The keyboard reaches every field and the save button before the workflow.
          assert.ok(await comesAfter(page, 'div.workflow button', '#field-lessons'), 'submit after the fields');
          assert.ok(
            await comesAfter(page, 'div.workflow button', 'form.figures-form button[type=submit]'),
            'submit after saving',
          );
          await audit(page);
        } finally {
          await context.close();
        }
      });

      test('approving says so once; reopening asks for a reason that the analyst then reads', async () => {
        const period = QUARTER.reopen[mode];
        const reason = `Nöjd-kund-index för ${period} ska räknas om (${mode}).`;
        const admin = await signedInContext(running.browser, mode, running.server.baseURL, users.admin);
        const analyst = await signedInContext(running.browser, mode, running.server.baseURL, users.analyst);
        try {
          const page = await admin.newPage();
          const logged = mode === 'js' ? await watchConsole(page) : null;
          await visit(page, reportPath(SKATTEVERKET, period));
          const press = (name, shown) =>
            pressInPlace(page, page.locator('div.workflow').getByRole('button', { name, exact: true }), shown);
          await press('Skicka in rapporten', page.locator('p[role=status]', { hasText: 'inskickad' }));
          assert.deepEqual(await workflowButtons(page), ['Godkänn rapporten', 'Öppna för ändring']);

          await press('Godkänn rapporten', page.locator('p[role=status]', { hasText: 'godkänd' }));
          assert.equal(await status(page), 'Godkänd');
          const notices = await page.locator('section.report p.notice').allTextContents();
          assert.equal(notices.filter((n) => n.includes('godkänd')).length, 1,
            `the approval is told once: ${JSON.stringify(notices)}`);
          assert.deepEqual(await workflowButtons(page), ['Öppna för ändring']);
          await audit(page);

          // No reason: refused, nothing changes.
          await press('Öppna för ändring', page.locator('p[role=alert]', { hasText: 'Ange ett skäl' }));
          const field = page.locator('#reopen-reason');
          assert.equal(await field.getAttribute('aria-invalid'), 'true');
          assert.ok((await page.locator('#reopen-reason-error').textContent()).trim().length > 0);
          assert.equal(await status(page), 'Godkänd');
          await audit(page);

          await field.fill(reason);
          await press('Öppna för ändring', page.locator('p[role=status]', { hasText: 'öppnad igen' }));
          assert.equal(await status(page), 'Utkast');
          await audit(page);
          logged?.assertClean({ warnings: true, refusals: ['/sf/report_step'] });

          const reader = await analyst.newPage();
          await visit(reader, reportPath(SKATTEVERKET, period));
          assert.equal(await status(reader), 'Utkast');
          const told = (await reader.locator('section.report p.reopen-reason').textContent()).trim();
          assert.equal(told, `Rapporten har öppnats för ändring. Skäl: ${reason}`);
          await audit(reader);
        } finally {
          await admin.close();
          await analyst.close();
        }
      });

      test('the organisation page explains its percentile and trend for the organisation', async () => {
        const context = await signedInContext(running.browser, mode, running.server.baseURL, users.viewer);
        try {
          const page = await context.newPage();
          await visit(page, `/organisationer/${SKATTEVERKET}`);
          for (const [id, heading] of [['percentile-explained', 'Percentil'], ['trend-explained', 'Trend per kvartal']]) {
            const text = await page.locator(`#${id}`).textContent();
            assert.ok(text.startsWith(`${heading}:`), `${id}: ${text}`);
            assert.ok(text.includes('Skatteverket'), `${id} names the organisation: ${text}`);
            const th = page.locator('th', { hasText: new RegExp(`^${heading}$`) });
            assert.equal(await th.getAttribute('aria-describedby'), id);
          }
          await audit(page);
        } finally {
          await context.close();
        }
      });

      test('a refused import file leaves the upload field to send the corrected one', async () => {
        const context = await signedInContext(running.browser, mode, running.server.baseURL, users.analyst);
        try {
          const page = await context.newPage();
          const upload = async (name, text) => {
            await page.setInputFiles('#import-file', { name, mimeType: 'text/csv', buffer: Buffer.from(text) });
            await Promise.all([
              page.waitForURL(/\/import\/granska\/[0-9a-f]+$/),
              page.getByRole('button', { name: 'Granska filen' }).click(),
            ]);
            await page.locator('h1', { hasText: 'Granska importen' }).waitFor();
          };
          await visit(page, '/import');
          await upload('fel.csv', BAD_CSV);
          assert.equal(await page.locator('table.import-problems tbody tr').count(), 1);
          assert.equal(await page.locator('#import-file').count(), 1, 'the upload field is still there');
          await audit(page);

          await upload('rätt.csv', GOOD_CSV);
          assert.equal(await page.locator('table.import-problems').count(), 0);
          assert.equal(await page.locator('table.import-changes tbody tr').count(), 1);
          await audit(page);
        } finally {
          await context.close();
        }
      });
    });
  }
});
