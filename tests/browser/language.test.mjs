// The language switch: a plain POST form that remembers the choice in a cookie, so it
// works the same with JavaScript on and off, and returns to the page it was pressed on.

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
  waitForHydration,
} from './harness.mjs';

const SWEDISH = { lang: 'sv', h1: 'Effektmått för offentlig digitalisering', button: 'In English' };
// The newest demo quarter but one, a draft of Skatteverket's (server/src/demo.rs).
const DRAFT = quarters.shift(quarters.newest(), -1);
const REPORT = `/rapport?organisation=202100-5448&period=${DRAFT}`;
const ENGLISH = { lang: 'en', h1: 'Effect measures for public-sector digitalisation', button: 'På svenska' };

/** The start page is in the given language: document language, heading and the switch. */
async function assertLanguage(page, language) {
  assert.equal(await page.locator('html').getAttribute('lang'), language.lang);
  assert.deepEqual(await page.locator('h1').allTextContents(), [language.h1]);
  assert.equal(await page.locator('.language-switch button').textContent(), language.button);
}

/** Presses the switch; the server answers with a redirect back to the same page. */
async function switchTo(page, language) {
  await page.locator('.language-switch button').click();
  // The old page never shows the new heading, so seeing it means the new page is in.
  await page.locator('h1', { hasText: language.h1 }).waitFor();
  await waitForHydration(page);
}

describe('language switch', () => {
  const running = serverAndBrowser();

  for (const mode of modes) {
    describe(mode, () => {
      test('switches to English, remembers it, and switches back', async () => {
        const context = await signedInContext(running.browser, mode, running.server.baseURL, users.analyst);
        try {
          const page = await context.newPage();
          await visit(page, '/');
          await assertLanguage(page, SWEDISH);

          await switchTo(page, ENGLISH);
          assert.equal(new URL(page.url()).pathname, '/', 'the switch returns to the page it was on');
          await assertLanguage(page, ENGLISH);
          await audit(page);
          const cookies = await context.cookies();
          assert.ok(cookies.some((c) => c.name === 'effekt_lang' && c.value === 'en'), 'language cookie set');

          // A new page load, not the redirect: the choice is remembered.
          await visit(page, '/tillganglighet');
          assert.equal(await page.locator('html').getAttribute('lang'), 'en');
          assert.deepEqual(await page.locator('h1').allTextContents(), ['Accessibility statement']);
          await visit(page, '/');
          await assertLanguage(page, ENGLISH);

          await switchTo(page, SWEDISH);
          await assertLanguage(page, SWEDISH);
          await audit(page);
        } finally {
          await context.close();
        }
      });

      test('returns to the same address when the page has a query string', async () => {
        const context = await signedInContext(running.browser, mode, running.server.baseURL, users.analyst);
        try {
          const page = await context.newPage();
          await visit(page, REPORT);
          // Wait for the new document's load from before the click: under load it can come
          // before a wait set up after the click, which then never sees it.
          const loaded = page.waitForEvent('load');
          await page.locator('.language-switch button').click();
          await loaded;
          await waitForHydration(page);
          const url = new URL(page.url());
          assert.equal(url.pathname + url.search, REPORT, 'the switch returns to the page it was pressed on');
          assert.equal(await page.locator('html').getAttribute('lang'), 'en');
          assert.deepEqual(await page.locator('h1').allTextContents(), ['Report quarterly figures']);
          assert.equal(await page.locator('h2#report-heading').textContent(), `Skatteverket – Q${DRAFT.slice(5)} ${DRAFT.slice(0, 4)}`);
          await audit(page);
        } finally {
          await context.close();
        }
      });
    });
  }
});
