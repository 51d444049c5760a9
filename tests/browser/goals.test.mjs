// Goals that steer (issue #21, item 2), with JavaScript on and off. Skatteverket's analyst
// adds a goal on its organisation page: a target on the wrong side of the baseline is
// explained and stores nothing, a good goal is shown with the verdict the API gives it;
// leadership finds it on /mal, chosen by kind in the address, and removes nothing; the analyst
// removes it again. Each mode follows a series of its own. Audited in every state.

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

const SKATTEVERKET = '202100-5448';
const ORGANISATION_PAGE = `/organisationer/${SKATTEVERKET}`;
const SERIES = {
  js: { key: 'customer_smiles', name: 'Kontakter med leende' },
  nojs: { key: 'tv_series', name: 'TV-serier' },
};
const VERDICT = { on_track: 'I fas', at_risk: 'I riskzonen', off_track: 'Ur fas', null: 'Inte bedömt än' };

/** Skatteverket's goals on `series`, as the API has them. */
async function goalsOn(page, series) {
  const goals = await (await page.request.get(`/api/v1/organisations/${SKATTEVERKET}/goals`)).json();
  return goals.filter((goal) => goal.series === series);
}

describe('Goals that steer', () => {
  const running = serverAndBrowser();

  for (const mode of modes) {
    describe(mode, () => {
      test('an analyst adds a goal, leadership follows it, the analyst removes it', async (t) => {
        const series = SERIES[mode];
        const baseline = quarters.shift(quarters.newest(), -7);
        const deadline = quarters.shift(quarters.newest(), 8);
        const analyst = await signedInContext(running.browser, mode, running.server.baseURL, users.analyst);
        const viewer = await signedInContext(running.browser, mode, running.server.baseURL, users.viewer);
        try {
          const page = await analyst.newPage();
          await visit(page, ORGANISATION_PAGE);
          const row = page.locator('table.goals-table tbody tr', { hasText: series.name });
          const fill = async (target) => {
            await page.locator('#new-goal-series').selectOption(series.key);
            await page.locator('#new-goal-baseline-period').fill(quarters.label(baseline));
            await page.locator('#new-goal-baseline').fill('10');
            await page.locator('#new-goal-target').fill(target);
            await page.locator('#new-goal-deadline').fill(quarters.label(deadline));
          };
          const add = () => page.getByRole('button', { name: 'Lägg till målet' });

          await t.test('a target below the baseline is explained and stores nothing', async () => {
            await fill('5');
            const summary = page.locator('.error-summary');
            await pressInPlace(page, add(), summary);
            assert.equal(
              await summary.getByText('Målvärdet ska vara högre än utgångsvärdet när högre är bättre.').count(),
              1,
            );
            assert.deepEqual(await goalsOn(page, series.key), []);
            await audit(page);
          });

          await t.test('a good goal is shown with the verdict the API gives it', async () => {
            await fill('1000');
            await pressInPlace(page, add(), row);
            const [goal] = await goalsOn(page, series.key);
            assert.equal(goal.baseline_period, baseline);
            assert.equal(goal.target, 1000);
            const cells = await row.locator('td').allTextContents();
            assert.equal(cells[0], series.name);
            assert.equal(cells[1], `10 (${quarters.label(baseline)})`);
            assert.equal(cells[2], `1 000 (${quarters.label(deadline)})`.replace(' ', '\u00a0'));
            assert.equal(cells[cells.length - 1], VERDICT[goal.verdict]);
            await audit(page);
          });

          await t.test('leadership finds it on /mal, chosen by kind in the address', async () => {
            const lead = await viewer.newPage();
            await visit(lead, '/mal');
            await audit(lead);
            await lead.locator('#goals-kind').selectOption('state_agency');
            await navigate(
              lead,
              () => lead.getByRole('button', { name: 'Visa' }).click(),
              (url) => url.pathname === '/mal' && url.searchParams.get('kind') === 'state_agency',
              lead.locator('h1', { hasText: 'Mål' }),
            );
            const api = await (await lead.request.get('/api/v1/goals?kind=state_agency')).json();
            assert.equal(await lead.locator('table.goals-table tbody tr').count(), api.length);
            const listed = lead.locator('table.goals-table tbody tr', { hasText: series.name });
            assert.equal(await listed.locator('th').textContent(), 'Skatteverket');
            assert.equal(await lead.locator('#goals-kind').inputValue(), 'state_agency');
            assert.equal(await lead.locator('form[action="/mal"] button').count(), 1, 'no forms to write with');
            await audit(lead);
          });

          await t.test('the analyst removes it', async () => {
            const editor = page.locator('details.goal-editor', { hasText: series.name });
            await editor.locator('summary').click();
            await pressInPlace(page, editor.getByRole('button', { name: 'Ta bort målet' }), page.locator('#goals-heading'));
            await row.waitFor({ state: 'detached' });
            assert.deepEqual(await goalsOn(page, series.key), []);
            await audit(page);
          });
        } finally {
          await analyst.close();
          await viewer.close();
        }
      });
    });
  }
});
