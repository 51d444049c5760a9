// The 10x goal on the organisation page, with JavaScript on and off, as Skatteverket's
// analyst: save a goal with the target left empty and see it saved as ten times the
// baseline (in the facts, the chart and the change history), then try an invalid baseline
// and see it refused with nothing changed. Each mode saves a goal of its own, so one run
// cannot pass on the other's save. Audited in every state; with JavaScript the page logs
// nothing but the refusals it expects.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  audit,
  modes,
  pressInPlace,
  serverAndBrowser,
  signedInContext,
  users,
  visit,
  watchConsole,
} from './harness.mjs';

const SKATTEVERKET = '202100-5448';
const ORGANISATION_PAGE = `/organisationer/${SKATTEVERKET}`;
const HISTORY_PAGE = `${ORGANISATION_PAGE}/historik`;
const GOAL = {
  js: {
    name: 'E-tjänstärenden per månad',
    baseline: '42,5',
    target: '425',
    deadline: { typed: '2028K4', label: '2028 K4' },
    invalid: 'noll',
  },
  nojs: {
    name: 'Digitala deklarationer per månad',
    baseline: '61',
    target: '610',
    deadline: { typed: '2029K2', label: '2029 K2' },
    invalid: '0',
  },
};
const BASELINE_ERROR = 'Skriv utgångsläget som ett tal skilt från 0.';

/** The goal's facts as shown: the term and its value. */
const goalFacts = (page) =>
  page.locator('dl.goal-facts').evaluate((dl) =>
    Object.fromEntries([...dl.querySelectorAll('dt')].map((dt) => [dt.textContent, dt.nextElementSibling.textContent])));

/** The facts, the verdict and the chart's title: all the page says about the goal. */
async function shownGoal(page) {
  const chart = page.locator('main figure div.chart > svg[role=img]').filter({ has: page.locator('title#goal-title') });
  return {
    facts: await goalFacts(page),
    verdict: await page.locator('p.verdict').textContent(),
    chartTitle: (await chart.count()) === 1 ? await chart.locator('title').textContent() : null,
  };
}

/** The goal as a fresh load of the organisation page shows it, in a new tab. */
async function goalOnFreshPage(context) {
  const page = await context.newPage();
  try {
    await visit(page, ORGANISATION_PAGE);
    return await shownGoal(page);
  } finally {
    await page.close();
  }
}

/** The newest row of the change history, as its column headers name the cells. */
async function newestChange(context) {
  const page = await context.newPage();
  try {
    await visit(page, HISTORY_PAGE);
    const headers = await page.locator('main table thead th').allTextContents();
    const cells = await page.locator('main table tbody tr').first().locator('td').allTextContents();
    return Object.fromEntries(headers.map((h, i) => [h, cells[i]]));
  } finally {
    await page.close();
  }
}

const saveButton = (page) => page.getByRole('button', { name: 'Spara målet' });

describe('10x goal', () => {
  const running = serverAndBrowser();

  for (const mode of modes) {
    const goal = GOAL[mode];
    describe(mode, () => {
      test('the analyst sets a goal ten times the baseline; an invalid baseline is refused', async (t) => {
        const context = await signedInContext(running.browser, mode, running.server.baseURL, users.analyst);
        try {
          const page = await context.newPage();
          const logged = mode === 'js' ? await watchConsole(page) : null;
          let saved;
          let refused;

          await t.test('an empty target saves ten times the baseline', async () => {
            await visit(page, ORGANISATION_PAGE);
            assert.equal(await page.locator('h2#goal-heading').textContent(), '10x-målet');
            const before = await shownGoal(page);
            assert.notEqual(before.facts['Vad målet mäter'], goal.name, 'the goal to save must differ from the stored one');
            await audit(page);

            await page.locator('#goal-name').fill(goal.name);
            await page.locator('#goal-baseline').fill(goal.baseline);
            await page.locator('#goal-target').fill('');
            await page.locator('#goal-deadline').fill(goal.deadline.typed);
            await page.locator('#goal-lower').setChecked(false);
            const notice = page.locator('p[role=status]');
            await pressInPlace(page, saveButton(page), notice);
            assert.deepEqual(await notice.allTextContents(), ['Målet är sparat.']);
            assert.equal(await page.locator('.error-summary').count(), 0, 'no error summary after saving');
            saved = await shownGoal(page);
            assert.deepEqual(saved.facts, {
              'Vad målet mäter': goal.name,
              'Utgångsläge': goal.baseline,
              'Mål': goal.target,
              'Tidsgräns (kvartal)': goal.deadline.label,
              // The straight line through the reported quarters does not depend on the goal.
              'Beräknat vid tidsgränsen': saved.facts['Beräknat vid tidsgränsen'],
            });
            assert.ok(saved.facts['Beräknat vid tidsgränsen'], 'the projection at the deadline is shown');
            assert.match(saved.verdict, /^[✔✘] (I fas|Inte i fas): /);
            assert.equal(saved.chartTitle, goal.name, 'the goal chart is drawn for the new goal');
            await audit(page);

            assert.deepEqual(await goalOnFreshPage(context), saved, 'a fresh load shows the saved goal');
            const change = await newestChange(context);
            assert.equal(change['Vem'], users.analyst.email, 'the change history names who set the goal, newest first');
            assert.ok(change['Efter'].includes(goal.name), `the change history has the new goal: ${JSON.stringify(change)}`);
            // In the reader's language (#22): "till", the quarter as the pages write it, a decimal comma.
            assert.equal(change['Efter'], `${goal.name}: ${goal.baseline} → ${goal.target} till ${goal.deadline.label}`);
            const fresh = await context.newPage();
            try {
              await visit(fresh, ORGANISATION_PAGE);
              assert.equal(await fresh.locator('#goal-deadline').inputValue(), goal.deadline.label, 'the form writes the quarter as the pages do');
            } finally {
              await fresh.close();
            }
          });

          await t.test(`an invalid baseline ("${goal.invalid}") is refused and nothing changes`, async () => {
            if (saved === undefined) await visit(page, ORGANISATION_PAGE);
            const stored = await goalOnFreshPage(context);
            const historyBefore = await newestChange(context);

            await page.locator('#goal-name').fill(`${goal.name} (ändrat)`);
            await page.locator('#goal-baseline').fill(goal.invalid);
            await page.locator('#goal-target').fill('');
            const summary = page.locator('.error-summary');
            await pressInPlace(page, saveButton(page), summary);
            assert.equal(await summary.getAttribute('role'), 'alert');
            assert.equal(await summary.locator('h2').textContent(), 'Det gick inte att spara. Rätta följande:');
            assert.deepEqual(await summary.locator('li').allTextContents(), [BASELINE_ERROR]);
            // Read now, checked in the steps below: what the page says right after refusing.
            refused = {
              notices: await page.locator('p[role=status]').allTextContents(),
              typed: {
                name: await page.locator('#goal-name').inputValue(),
                baseline: await page.locator('#goal-baseline').inputValue(),
              },
            };
            await audit(page);

            assert.deepEqual(await shownGoal(page), stored, 'the page still shows the stored goal');
            assert.deepEqual(await goalOnFreshPage(context), stored, 'nothing was saved');
            assert.deepEqual(await newestChange(context), historyBefore, 'nothing new in the change history');
          });

          await t.test('the refused save is not reported as saved', () => {
            assert.ok(refused, 'the refusal step did not get as far as pressing the button');
            assert.deepEqual(refused.notices, [], 'no "Målet är sparat." notice beside the error of a refused save');
          });

          await t.test('the form keeps what was typed, to correct it', () => {
            assert.ok(refused, 'the refusal step did not get as far as pressing the button');
            assert.deepEqual(refused.typed, { name: `${goal.name} (ändrat)`, baseline: goal.invalid });
          });

          if (logged) {
            await t.test('the page logged nothing but the expected refusal', () => {
              logged.assertClean({ warnings: true, refusals: ['/sf/save_goal'] });
            });
          }
        } finally {
          await context.close();
        }
      });
    });
  }
});
