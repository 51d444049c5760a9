// Adding an organisation, with JavaScript on and off, as the admin: a wrong check digit is
// refused and nothing is added; a valid new organisation is saved, listed for editing, and
// shows in the quarter overview as missing its report. Each mode adds an organisation of its
// own. Audited in every state; with JavaScript the page logs nothing but the refusal it expects.

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
  watchConsole,
} from './harness.mjs';

// Numbers with a valid check digit (Luhn over the first nine digits) that the demo does not
// use, and the same with the last digit wrong.
const NEW = {
  js: { number: '212000-3005', wrong: '212000-0158', name: 'Uppsala kommun', kind: { value: 'municipality', label: 'Kommun' } },
  nojs: { number: '232100-0008', wrong: '232100-0009', name: 'Region Uppsala', kind: { value: 'region', label: 'Region' } },
};
const CHECK_DIGIT_ERROR = 'Organisationsnumret stämmer inte: kontrollsiffran är fel.';
/** The quarter the overview shows unless asked: the one before today's. */
const QUARTER = quarters.newest();

const addButton = (page) => page.getByRole('button', { name: 'Lägg till organisation' });

/** Fills in the form for adding an organisation. */
async function fillNew(page, number, organisation) {
  await page.locator('#new-organisation_number').fill(number);
  await page.locator('#new-name').fill(organisation.name);
  await page.locator('#new-kind').selectOption({ label: organisation.kind.label });
}

/** What the add form holds now. */
const addFormValues = async (page) => ({
  number: await page.locator('#new-organisation_number').inputValue(),
  name: await page.locator('#new-name').inputValue(),
  kind: await page.locator('#new-kind').inputValue(),
});

/** The legends of the edit forms: one per organisation, "Name (number)". */
const editLegends = (page) => page.locator('form.admin-row legend').allTextContents();

/** The quarter overview of /admin: each organisation's status, and the counts. */
async function overview(context) {
  const page = await context.newPage();
  try {
    await visit(page, '/admin');
    assert.equal(await page.locator('select#overview-period').inputValue(), QUARTER);
    const rows = await page.locator('main table tbody tr').evaluateAll((trs) =>
      trs.map((tr) => ({ name: tr.cells[0].textContent, status: tr.cells[1].textContent, class: tr.className })));
    const counts = Object.fromEntries(
      (await page.locator('ul.status-counts li').allTextContents()).map((li) => {
        const [label, n] = li.split(': ');
        return [label, Number(n)];
      }),
    );
    return { rows, counts };
  } finally {
    await page.close();
  }
}

describe('admin: organisations', () => {
  const running = serverAndBrowser();

  for (const mode of modes) {
    const organisation = NEW[mode];
    describe(mode, () => {
      test(`a wrong check digit is refused; ${organisation.name} is added and missing its report`, async (t) => {
        const context = await signedInContext(running.browser, mode, running.server.baseURL, users.admin);
        try {
          const page = await context.newPage();
          const logged = mode === 'js' ? await watchConsole(page) : null;
          const before = await overview(context);
          let typedAfterRefusal;

          await t.test(`${organisation.wrong} is refused for its check digit and nothing is added`, async () => {
            await visit(page, '/admin/organisationer');
            const legends = await editLegends(page);
            assert.ok(!legends.some((l) => l.includes(organisation.name)), `${organisation.name} is not there yet`);
            await audit(page);

            await fillNew(page, organisation.wrong, organisation);
            const summary = page.locator('.error-summary');
            await pressInPlace(page, addButton(page), summary);
            assert.equal(await summary.getAttribute('role'), 'alert');
            assert.equal(await summary.locator('h2').textContent(), 'Det gick inte att spara. Rätta följande:');
            assert.deepEqual(await summary.locator('li').allTextContents(), [CHECK_DIGIT_ERROR]);
            assert.equal(await page.locator('p[role=status]').count(), 0, 'no "Sparat." after a refused save');
            typedAfterRefusal = await addFormValues(page);
            await audit(page);

            assert.deepEqual(await editLegends(page), legends, 'no organisation added');
            assert.deepEqual(await overview(context), before, 'the overview is as before');
          });

          await t.test('the form keeps what was typed, to correct it', () => {
            assert.ok(typedAfterRefusal, 'the refusal step did not get as far as pressing the button');
            assert.deepEqual(typedAfterRefusal, {
              number: organisation.wrong,
              name: organisation.name,
              kind: organisation.kind.value,
            });
          });

          await t.test(`${organisation.number} ${organisation.name} is added`, async () => {
            await visit(page, '/admin/organisationer');
            await fillNew(page, organisation.number, organisation);
            const notice = page.locator('p[role=status]');
            await pressInPlace(page, addButton(page), notice);
            assert.deepEqual(await notice.allTextContents(), ['Sparat.']);
            assert.equal(await page.locator('.error-summary').count(), 0, 'no error summary after saving');
            const legend = `${organisation.name} (${organisation.number})`;
            const form = page.locator('form.admin-row').filter({ has: page.locator('legend', { hasText: legend }) });
            assert.equal(await form.count(), 1, `an edit form for ${legend}`);
            assert.equal(await form.locator(`#org-${organisation.number}-name`).inputValue(), organisation.name);
            assert.equal(await form.locator(`#org-${organisation.number}-kind`).inputValue(), organisation.kind.value);
            await audit(page);

            // The quarter overview, reached by the page's own link.
            await navigate(
              page,
              () => page.locator('main').getByRole('link', { name: 'Administration' }).click(),
              (url) => url.pathname === '/admin',
              page.locator('main table'),
            );
            const heading = `Kvartalets rapporter: ${quarters.label(QUARTER)}`;
            assert.ok((await page.locator('main h2').allTextContents()).includes(heading), `the overview is for ${QUARTER}`);
            const row = page.locator('main table tbody tr').filter({ hasText: organisation.name });
            assert.equal(await row.count(), 1, `${organisation.name} is in the overview`);
            // A missing report has no figures, so nothing to say of their plausibility.
            assert.deepEqual(await row.locator('td').allTextContents(), [organisation.name, 'Saknas', '']);
            assert.equal(await row.getAttribute('class'), 'status-missing');
            assert.equal(
              await row.getByRole('link', { name: organisation.name }).getAttribute('href'),
              `/rapport?organisation=${organisation.number}&period=${QUARTER}`,
            );
            await audit(page);

            const now = await overview(context);
            assert.equal(now.counts.Saknas, before.counts.Saknas + 1, 'one more missing report');
            assert.deepEqual(
              now.rows.filter((r) => r.name !== organisation.name),
              before.rows,
              'the other organisations are as before',
            );
          });

          if (logged) {
            await t.test('the page logged nothing but the expected refusal', () => {
              logged.assertClean({ warnings: true, refusals: ['/sf/save_organisation'] });
            });
          }
        } finally {
          await context.close();
        }
      });
    });
  }
});
