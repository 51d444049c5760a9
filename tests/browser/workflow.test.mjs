// The report workflow, with JavaScript on and off, each mode on a quarter of its own: the
// analyst of Skatteverket changes a figure, saves and submits the report; the admin approves
// it; the analyst then finds it locked. The form is audited in every state, and with
// JavaScript the page logs no errors, warnings or CSP violations on the way.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  audit,
  modes,
  newContext,
  pressInPlace,
  quarters,
  serverAndBrowser,
  signedInAs,
  signIn,
  signOut,
  users,
  visit,
  watchConsole,
} from './harness.mjs';

const SKATTEVERKET = '202100-5448';
// Demo quarters, both drafts when the server starts (server/src/demo.rs keeps Skatteverket's
// three quarters before the newest as drafts); one per mode so the runs stay apart.
const draft = (by) => {
  const value = quarters.shift(quarters.newest(), by);
  return { value, label: quarters.label(value) };
};
const QUARTER = {
  js: { ...draft(-2), satisfaction: '66' },
  nojs: { ...draft(-3), satisfaction: '58' },
};
const LOCKED = 'Rapporten är godkänd och låst. Den kan inte ändras.';

const reportPath = (quarter) => `/rapport?organisation=${SKATTEVERKET}&period=${quarter.value}`;

/** The figure inputs and the lessons text of the report form (not its hidden inputs). */
const formFields = (page) => page.locator('form.figures-form').locator('input:not([type=hidden]), textarea');

/** Waits for the status line to say `status`, and fails saying what it shows instead. */
async function expectStatus(page, status) {
  const line = page.locator('p.report-status');
  try {
    await line.filter({ hasText: new RegExp(`^Status: ${status}(\\s|$)`) }).waitFor({ timeout: 5_000 });
  } catch {
    const shown = (await line.count()) ? await line.textContent() : '(no status line)';
    assert.fail(`the report's status should be "${status}", the page shows "${shown}" (${page.url()})`);
  }
}

/** The labels of the workflow buttons shown now. */
const workflowButtons = (page) => page.locator('div.workflow button').allTextContents();

/** Presses a workflow button and waits for its confirmation. */
async function takeStep(page, button, message) {
  await pressInPlace(
    page,
    page.locator('div.workflow').getByRole('button', { name: button, exact: true }),
    page.locator('p[role=status]', { hasText: message }),
  );
  assert.deepEqual(await page.locator('p[role=status]').allTextContents(), [message]);
  assert.equal(await page.locator('section.report p[role=alert]').count(), 0, `no error after "${button}"`);
}

/** Opens the report, signed in as `user`, and checks the heading. */
async function openReport(page, quarter, user) {
  await visit(page, reportPath(quarter));
  assert.equal(await signedInAs(page), user.email);
  assert.equal(await page.locator('h2#report-heading').textContent(), `Skatteverket – ${quarter.label}`);
}

/** Every field of the form, disabled or not. */
const fieldStates = (page) =>
  formFields(page).evaluateAll((fields) => fields.map((f) => ({ id: f.id, disabled: f.disabled })));

describe('report workflow', () => {
  const running = serverAndBrowser();

  for (const mode of modes) {
    const quarter = QUARTER[mode];
    describe(mode, () => {
      test(`analyst submits ${quarter.value}, admin approves, analyst finds it locked`, async (t) => {
        const context = await newContext(running.browser, mode, running.server.baseURL);
        try {
          const page = await context.newPage();
          const logged = mode === 'js' ? await watchConsole(page) : null;
          let fieldCount;

          // Each step is a subtest that starts from a fresh page load, so that a failing
          // step still lets the next ones show how far the workflow works.
          await t.test('the analyst saves a changed figure and submits the report', async () => {
            await signIn(page, users.analyst, reportPath(quarter));
            await openReport(page, quarter, users.analyst);
            await expectStatus(page, 'Utkast');
            assert.deepEqual(await workflowButtons(page), ['Skicka in rapporten']);
            const fields = await fieldStates(page);
            fieldCount = fields.length;
            assert.ok(fieldCount > 14, `the form has its fields: ${fieldCount}`);
            assert.deepEqual(fields.filter((f) => f.disabled), [], 'a draft is editable by its analyst');
            await audit(page);

            const satisfaction = page.locator('#field-customer_satisfaction');
            assert.notEqual(await satisfaction.inputValue(), quarter.satisfaction, 'the new figure must differ');
            await satisfaction.fill(quarter.satisfaction);
            await pressInPlace(
              page,
              page.getByRole('button', { name: 'Spara rapporten' }),
              page.locator('p[role=status]', { hasText: 'Rapporten är sparad.' }),
            );
            await expectStatus(page, 'Utkast');
            assert.equal(await satisfaction.inputValue(), quarter.satisfaction);
            await audit(page);

            await takeStep(page, 'Skicka in rapporten', 'Rapporten är inskickad för godkännande.');
            await expectStatus(page, 'Inskickad');
            assert.deepEqual(await workflowButtons(page), [], 'nothing more for the analyst to do');
            assert.equal(await satisfaction.inputValue(), quarter.satisfaction);
            await audit(page);
            await signOut(page);
          });

          await t.test('the admin approves the submitted report', async () => {
            if (await signedInAs(page)) await signOut(page);
            await signIn(page, users.admin, reportPath(quarter));
            await openReport(page, quarter, users.admin);
            await expectStatus(page, 'Inskickad');
            assert.deepEqual(await workflowButtons(page), ['Godkänn rapporten', 'Öppna för ändring']);
            assert.equal(await page.locator('#field-customer_satisfaction').inputValue(), quarter.satisfaction);
            await audit(page);

            await takeStep(page, 'Godkänn rapporten', 'Rapporten är godkänd och låst.');
            await expectStatus(page, 'Godkänd');
            assert.deepEqual(await workflowButtons(page), ['Öppna för ändring']);
            // The confirmation says it is locked; the standing notice would only repeat it.
            assert.deepEqual(
              (await page.locator('section.report p.notice').allTextContents()).filter((n) => n.includes('låst')),
              ['Rapporten är godkänd och låst.'],
              'the approved report says once that it is locked',
            );
            assert.equal(await page.getByRole('button', { name: 'Spara rapporten' }).count(), 0);
            assert.deepEqual((await fieldStates(page)).filter((f) => !f.disabled), [], 'every field is disabled');
            await audit(page);
            await signOut(page);
          });

          await t.test('the analyst finds the approved report locked', async () => {
            if (await signedInAs(page)) await signOut(page);
            await signIn(page, users.analyst, reportPath(quarter));
            await openReport(page, quarter, users.analyst);
            await expectStatus(page, 'Godkänd');
            const notices = await page.locator('section.report p.notice').allTextContents();
            assert.ok(notices.includes(LOCKED), `the locked notice is shown: ${JSON.stringify(notices)}`);
            const fields = await fieldStates(page);
            if (fieldCount !== undefined) assert.equal(fields.length, fieldCount, 'the same fields as before');
            assert.ok(fields.length > 14, `the form has its fields: ${fields.length}`);
            assert.deepEqual(fields.filter((f) => !f.disabled), [], 'every field is disabled');
            assert.equal(await page.getByRole('button', { name: 'Spara rapporten' }).count(), 0, 'no save button');
            assert.deepEqual(await workflowButtons(page), [], 'no workflow steps for the analyst');
            assert.equal(await page.locator('#field-customer_satisfaction').inputValue(), quarter.satisfaction);
            await audit(page);
          });

          if (logged) {
            await t.test('the page logged no errors, warnings or CSP violations', () => {
              logged.assertClean({ warnings: true });
            });
          }
        } finally {
          await context.close();
        }
      });
    });
  }
});
