// Figures leadership can trust (issue #17, item 1), with JavaScript on and off, as the
// leadership viewer: the demo's newest quarter is submitted but not yet approved, so its tiles
// say "preliminär" in words; choosing "Endast godkända" puts the basis in the address, drops
// the unapproved quarters and the preliminary mark, and keeps the choice in the tiles' links
// and on the measure page. Every page on the way is audited.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  audit,
  modes,
  navigate,
  quarters,
  serverAndBrowser,
  signedInContext,
  users,
  visit,
  watchConsole,
} from './harness.mjs';

const NEWEST = quarters.newest();
// The demo: the newest two quarters submitted, older ones approved, but for the demo
// analyst's organisation (Skatteverket), whose two quarters before those are drafts.
const NEWEST_APPROVED = quarters.shift(NEWEST, -2);
const ALL = 12;

/** Each tile figure's context line and whether it is marked preliminary. */
const readFigures = (page) =>
  page.locator('li.measure-card dl > dd').evaluateAll((dds) =>
    dds.map((dd) => ({
      context: dd.querySelector('span.figure-context')?.textContent ?? null,
      preliminary: dd.querySelector('span.preliminary')?.textContent ?? null,
      figure: dd.querySelector('span.figure')?.textContent ?? null,
    })));

describe('trusted figures', () => {
  const running = serverAndBrowser();

  for (const mode of modes) {
    describe(mode, () => {
      test('preliminary quarters are marked, and the approved basis stays in the address', async (t) => {
        const context = await signedInContext(running.browser, mode, running.server.baseURL, users.viewer);
        try {
          const page = await context.newPage();
          const logged = mode === 'js' ? await watchConsole(page) : null;

          await t.test('the newest quarter is preliminary on the default basis', async () => {
            await visit(page, '/');
            const figures = await readFigures(page);
            assert.equal(figures.length, 15);
            for (const f of figures) {
              assert.equal(f.context, `${quarters.label(NEWEST)}: ${ALL} / ${ALL} organisationer rapporterade`);
              assert.equal(f.preliminary, '(preliminär)', `${f.context}: marked in words`);
              assert.ok(f.figure, 'twelve reports make a national figure');
            }
            assert.equal(
              await page.locator('p.basis-choice strong[aria-current=true]').textContent(),
              'Inrapporterade (inskickade och godkända)',
            );
            await audit(page);
          });

          await t.test('"Endast godkända" counts approved reports only', async () => {
            await navigate(
              page,
              () => page.locator('p.basis-choice').getByRole('link', { name: 'Endast godkända' }).click(),
              (url) => url.pathname === '/' && url.searchParams.get('basis') === 'approved',
              page.locator('li.measure-card'),
            );
            const figures = await readFigures(page);
            assert.equal(figures.length, 15);
            for (const f of figures) {
              // Skatteverket's draft is not counted; nothing shown is preliminary.
              assert.equal(f.context, `${quarters.label(NEWEST_APPROVED)}: ${ALL - 1} / ${ALL} organisationer rapporterade`);
              assert.equal(f.preliminary, null);
            }
            assert.equal(await page.locator('p.basis-choice strong[aria-current=true]').textContent(), 'Endast godkända');
            const links = await page.locator('li.measure-card a[href^="/matt/"]').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
            assert.equal(links.length, 14);
            for (const href of links) assert.match(href, /&basis=approved$/, 'each tile keeps the basis');
            await audit(page);
          });

          await t.test('the measure page keeps the basis and marks no quarter preliminary', async () => {
            await navigate(
              page,
              () => page.locator('li.measure-card a[href^="/matt/customer_satisfaction?"]').click(),
              (url) => url.pathname === '/matt/customer_satisfaction' && url.searchParams.get('basis') === 'approved',
              page.locator('section.series-panel'),
            );
            assert.equal(await page.locator('section.series-panel p.preliminary').count(), 0);
            assert.equal(await page.locator('p.basis-choice strong[aria-current=true]').textContent(), 'Endast godkända');
            await audit(page);

            await navigate(
              page,
              () => page.locator('p.basis-choice').getByRole('link', { name: 'Inrapporterade (inskickade och godkända)' }).click(),
              (url) => url.pathname === '/matt/customer_satisfaction' && !url.searchParams.has('basis'),
              page.locator('section.series-panel'),
            );
            assert.equal(
              await page.locator('section.series-panel p.preliminary').textContent(),
              `Preliminära kvartal, där inte alla uppgifter är godkända än: ${quarters.label(quarters.shift(NEWEST, -1))}, ${quarters.label(NEWEST)}.`,
            );
            await audit(page);
          });

          logged?.assertClean({ warnings: true });
        } finally {
          await context.close();
        }
      });
    });
  }
});
