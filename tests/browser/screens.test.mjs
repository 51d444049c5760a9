// Issue #21, items 3 and 4, with JavaScript on and off: the administrator makes a display link
// on /admin/skarmlankar and sees it once; a screen opens it and gets the wall view (/skarm) in
// large white-on-black type, audited with axe, which rotates to the next measure by itself; the
// screen reaches no other page; removed, the link stops at once. The open data page
// (/oppna-data) is public, states the licence, and lists an organisation once the administrator
// ticks it on /admin/organisationer.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  audit,
  modes,
  newContext,
  pressInPlace,
  serverAndBrowser,
  signedInContext,
  users,
  visit,
} from './harness.mjs';

/** An office screen: full HD, as most are. */
const SCREEN = { width: 1920, height: 1080 };

/** The computed font size in CSS pixels of the first element `selector` finds. */
const fontSize = (page, selector) =>
  page.locator(selector).first().evaluate((element) => parseFloat(getComputedStyle(element).fontSize));

describe('screens and open data', () => {
  const running = serverAndBrowser();

  for (const mode of modes) {
    describe(mode, () => {
      test('a display link shows the wall view alone, rotating, until it is removed', async (t) => {
        const admin = await signedInContext(running.browser, mode, running.server.baseURL, users.admin);
        const screen = await newContext(running.browser, mode, running.server.baseURL);
        const name = `Entrén ${mode}`;
        try {
          const page = await admin.newPage();
          let path;
          await t.test('the administrator makes a link and sees it once', async () => {
            await visit(page, '/admin/skarmlankar');
            assert.equal(await page.locator('main').getByText('Det finns inga skärmlänkar.').count(), 1);
            await audit(page);
            await page.locator('#link-name').fill(name);
            const field = page.locator('#made-link');
            await pressInPlace(page, page.getByRole('button', { name: 'Skapa skärmlänk', exact: true }), field);
            path = await field.inputValue();
            assert.match(path, /^\/skarm\/visa\?nyckel=effekt_display_[0-9a-f]{64}$/);
            await page.locator('main table tbody tr').first().waitFor();
            assert.equal(await page.locator('main table tbody tr td').first().textContent(), name);
            await audit(page);
            await visit(page, '/admin/skarmlankar');
            assert.equal(await page.locator('#made-link').count(), 0, 'shown only once');
          });

          const wall = await screen.newPage();
          await wall.setViewportSize(SCREEN);
          await t.test('the screen opens it and sees the wall view in large type', async () => {
            assert.ok(path, 'the step before made no link');
            const response = await wall.goto(path);
            assert.equal(response.status(), 200);
            assert.equal(new URL(wall.url()).pathname, '/skarm', 'no secret left in the address');
            await wall.locator('h1').waitFor();
            assert.match(await wall.locator('h1').textContent(), /^1\. /);
            assert.equal(await wall.locator('header, nav, footer').count(), 0, 'nothing to click on a screen');
            assert.match(await wall.locator('.wall-position').textContent(), /^Mått 1 av 14\. Nästa mått om 30 sekunder\.$/);
            // Readable at three metres: the smallest text some 46 px on a full HD screen, the
            // figures twice that.
            assert.ok((await fontSize(wall, '.wall-context')) >= 40, 'the small print is large');
            assert.ok((await fontSize(wall, '.wall-figure')) >= 90, 'the figures are very large');
            const colours = await wall.locator('main').evaluate((main) => {
              const style = getComputedStyle(main);
              return [style.color, style.backgroundColor];
            });
            assert.deepEqual(colours, ['rgb(255, 255, 255)', 'rgb(0, 0, 0)']);
            await audit(wall);
          });

          await t.test('the screen reaches no other page', async () => {
            for (const other of ['/', '/admin', '/organisationer', '/api-nycklar']) {
              const page = await screen.newPage();
              await page.goto(other);
              assert.equal(new URL(page.url()).pathname, '/logga-in', `${other} sent the screen to sign in`);
              await page.close();
            }
            // The cookie is not even sent there; sent or not, the API refuses.
            const api = await screen.request.get('/api/v1/summary');
            assert.equal(api.status(), 401);
          });

          await t.test('the wall view turns to the next measure by itself', async () => {
            await wall.waitForURL((url) => url.pathname === '/skarm' && url.search === '?matt=2', { timeout: 45_000 });
            await wall.locator('h1').waitFor();
            assert.match(await wall.locator('h1').textContent(), /^2\. /);
          });

          await t.test('removed, the link stops at the screen\'s next request', async () => {
            await visit(page, '/admin/skarmlankar');
            const removed = page.locator('.notice-success', { hasText: 'Skärmlänken är borttagen' });
            await pressInPlace(page, page.getByRole('button', { name: `Ta bort ${name}`, exact: true }), removed);
            await page.locator('main').getByText('Det finns inga skärmlänkar.').waitFor();
            await wall.goto('/skarm?matt=3');
            assert.equal(new URL(wall.url()).pathname, '/logga-in');
          });
        } finally {
          await admin.close();
          await screen.close();
        }
      });

      test('the open data page is public and lists who publishes', async () => {
        const admin = await signedInContext(running.browser, mode, running.server.baseURL, users.admin);
        const visitor = await newContext(running.browser, mode, running.server.baseURL);
        try {
          const page = await visitor.newPage();
          await visit(page, '/oppna-data');
          assert.deepEqual(await page.locator('h1').allTextContents(), ['Öppna data']);
          assert.equal(await page.getByRole('link', { name: 'CC0 1.0' }).count(), 1);
          await audit(page);

          // Each mode opts a demo organisation of its own in.
          const number = mode === 'js' ? '202100-5448' : '212000-0142';
          const adminPage = await admin.newPage();
          await visit(adminPage, '/admin/organisationer');
          const row = adminPage.locator('fieldset', { has: adminPage.locator(`input[name=existing][value="${number}"]`) });
          await row.locator('input[name=open_data]').check();
          const saved = adminPage.locator('.notice-success');
          await pressInPlace(adminPage, row.getByRole('button'), saved);
          await audit(adminPage);

          await visit(page, '/oppna-data');
          const listed = await page.locator('.open-data-organisations li').allTextContents();
          assert.ok(listed.some((text) => text.includes(number)), `${number} in ${listed}`);
          const csv = await (await visitor.request.get('/api/v1/open/values.csv')).text();
          assert.ok(csv.includes(number), 'its approved figures are served');
          assert.ok(!csv.includes(',draft') && !csv.includes(',submitted'), 'nothing but approved figures');
        } finally {
          await admin.close();
          await visitor.close();
        }
      });
    });
  }
});
