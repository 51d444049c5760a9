// Plausibility warnings (issue #17, item 3), hydrated and as plain form posts: Skatteverket's
// analyst saves a figure a thousand times the organisation's usual one in one of its draft
// quarters; it is saved, and the form shows the warning beside the field, tied to it for
// screen readers, with a field for an explanation. The explanation is saved, and the
// administrators' quarter overview flags the report in words. Every page is audited.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
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
// The demo analyst's organisation keeps the three quarters before the newest as drafts; one
// per mode, so that one run cannot pass on the other's save. Drafts are not history, so
// neither run's figure changes the other's warning.
const QUARTER = { js: quarters.shift(quarters.newest(), -1), nojs: quarters.shift(quarters.newest(), -2) };
// No demo organisation delivers more than a few dozen ideas a quarter.
const IMPLAUSIBLE = '9999';
const EXPLANATION = { js: 'Ny räknemetod: varje förslag räknas.', nojs: 'Två enheter slogs ihop.' };

describe('plausibility warnings', () => {
  const running = serverAndBrowser();

  for (const mode of modes) {
    describe(mode, () => {
      test('an implausible figure is saved with a warning beside it, and can be explained', async () => {
        const quarter = QUARTER[mode];
        const context = await signedInContext(running.browser, mode, running.server.baseURL, users.analyst);
        try {
          const page = await context.newPage();
          const logged = mode === 'js' ? await watchConsole(page) : null;
          await visit(page, `/rapport?organisation=${SKATTEVERKET}&period=${quarter}`);
          assert.equal(await page.locator('.field-warning').count(), 0, 'the demo figures raise no warning');
          assert.equal(await page.locator('.warning-summary').count(), 0);

          const ideas = page.locator('#field-ideas_delivered');
          await ideas.fill(IMPLAUSIBLE);
          const warning = page.locator('#field-ideas_delivered-warning');
          await pressInPlace(page, page.getByRole('button', { name: 'Spara rapporten' }), warning);
          await page.waitForURL((url) => url.searchParams.get('sparad') === '1');
          await waitForHydration(page);
          assert.equal(await page.locator('p[role=status]').textContent(), 'Rapporten är sparad.');
          assert.equal(await ideas.inputValue(), IMPLAUSIBLE, 'saved all the same');

          // In words, not only by colour, and tied to the field.
          assert.match(
            await warning.textContent(),
            /^Kontrollera: Värdet är mer än tio gånger organisationens median [\d,]+ för de senaste 4 rapporterade kvartalen\. Kontrollera värdet eller förklara det\.$/,
          );
          assert.ok((await ideas.getAttribute('aria-describedby')).split(' ').includes('field-ideas_delivered-warning'));
          assert.equal(await page.locator('.field-warning').count(), 1, 'only the changed figure is flagged');
          assert.equal(
            await page.locator('.warning-summary a').getAttribute('href'),
            '#field-ideas_delivered',
          );
          await audit(page);

          const explanation = page.getByLabel('Förklaring (frivillig)');
          assert.ok(
            (await explanation.getAttribute('aria-describedby')).split(' ').includes('field-ideas_delivered-warning'),
            'the explanation says what it explains',
          );
          await explanation.fill(EXPLANATION[mode]);
          // The "saved" notice is already there: with JavaScript, wait for the save's answer.
          const answered = mode === 'js'
            ? page.waitForResponse((response) => response.url().includes('/sf/save_report'))
            : null;
          await pressInPlace(page, page.getByRole('button', { name: 'Spara rapporten' }), page.locator('p[role=status]'));
          await answered;
          await visit(page, `/rapport?organisation=${SKATTEVERKET}&period=${quarter}`);
          assert.equal(await page.locator('#explanation-ideas_delivered').inputValue(), EXPLANATION[mode]);
          await audit(page);
          logged?.assertClean({ warnings: true });
        } finally {
          await context.close();
        }

        const admin = await signedInContext(running.browser, mode, running.server.baseURL, users.admin);
        try {
          const page = await admin.newPage();
          await visit(page, `/admin?period=${quarter}`);
          const row = page.locator('tbody tr').filter({ has: page.getByRole('link', { name: 'Skatteverket' }) });
          assert.equal(await row.locator('td').nth(2).textContent(), '1 varning');
          await audit(page);

          await visit(page, `/rapport?organisation=${SKATTEVERKET}&period=${quarter}`);
          assert.equal(await page.locator('#explanation-ideas_delivered').inputValue(), EXPLANATION[mode]);
          await audit(page);
        } finally {
          await admin.close();
        }
      });
    });
  }
});
