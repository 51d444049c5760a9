// API keys (/api-nycklar), with JavaScript on and off: a signed-in user finds the page in the
// menu, a key without a name is refused and nothing is made, a new key is shown once in a
// read-only field (with JavaScript also a copy button that copies it), works as a Bearer
// token, is listed without its secret, and once removed answers 401. Each mode has a user of
// its own. Audited in every state; with JavaScript the page logs nothing but the refusal it
// expects.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  audit,
  modes,
  navigate,
  pressInPlace,
  serverAndBrowser,
  signedInContext,
  users,
  visit,
  watchConsole,
} from './harness.mjs';

const USER = { js: users.viewer, nojs: users.analyst };
const NAME = { js: 'nattlig import', nojs: 'kvartalsexport' };
const NAME_ERROR = 'Ge nyckeln ett namn på 1 till 100 tecken.';

const createButton = (page) => page.getByRole('button', { name: 'Skapa nyckel', exact: true });

/** The rows of the list of keys: name, created, expires, last used. */
const listed = (page) =>
  page.locator('main table tbody tr').evaluateAll((trs) =>
    trs.map((tr) => [...tr.cells].slice(0, 4).map((td) => td.textContent)));

/** The moments (RFC 3339) the first row's <time> elements carry: made, ends, last used. */
const listedTimes = (page) =>
  page.locator('main table tbody tr').first().locator('time').evaluateAll((times) => times.map((t) => t.dateTime));

/** Swedish local time to the minute, as the pages write times (#22): "2 dec. 2026 06:10". */
const LOCAL_TIME = /^\d{1,2} (jan\.|feb\.|mars|apr\.|maj|juni|juli|aug\.|sep\.|okt\.|nov\.|dec\.) \d{4} \d{2}:\d{2}$/;

/** What GET /api/v1/me answers with the key as a Bearer token. */
async function meWith(baseURL, secret) {
  const response = await fetch(`${baseURL}/api/v1/me`, { headers: { Authorization: `Bearer ${secret}` } });
  return { status: response.status, email: response.status === 200 ? (await response.json()).email : null };
}

describe('API keys', () => {
  const running = serverAndBrowser();

  for (const mode of modes) {
    const user = USER[mode];
    const name = NAME[mode];
    describe(mode, () => {
      test(`${user.email} makes "${name}", sees it once, uses it and removes it`, async (t) => {
        const context = await signedInContext(running.browser, mode, running.server.baseURL, user);
        if (mode === 'js') {
          await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: running.server.baseURL });
        }
        try {
          const page = await context.newPage();
          const logged = mode === 'js' ? await watchConsole(page) : null;
          let secret;

          await t.test('the menu leads to the page, which lists no keys yet', async () => {
            await visit(page, '/');
            await navigate(
              page,
              () => page.locator('header nav').getByRole('link', { name: 'API-nycklar' }).click(),
              (url) => url.pathname === '/api-nycklar',
              page.locator('h1', { hasText: 'API-nycklar' }),
            );
            assert.deepEqual(await page.locator('h1').allTextContents(), ['API-nycklar']);
            assert.equal(await page.locator('main').getByText('Du har inga API-nycklar.').count(), 1);
            assert.equal(await page.locator('#made-token').count(), 0);
            await audit(page);
          });

          await t.test('a key without a name is refused and nothing is made', async () => {
            await page.locator('#token-name').fill('   ');
            const summary = page.locator('.error-summary');
            await pressInPlace(page, createButton(page), summary);
            assert.equal(await summary.getAttribute('role'), 'alert');
            assert.deepEqual(await summary.locator('li').allTextContents(), [NAME_ERROR]);
            assert.equal(await page.locator('#made-token').count(), 0);
            // With JavaScript the list loads again after the answer.
            await page.locator('main').getByText('Du har inga API-nycklar.').waitFor();
            await audit(page);
          });

          await t.test('a new key is shown in a read-only field and works as a Bearer token', async () => {
            await visit(page, '/api-nycklar');
            await page.locator('#token-name').fill(name);
            await page.locator('#token-days').fill('30');
            const field = page.locator('#made-token');
            await pressInPlace(page, createButton(page), field);
            secret = await field.inputValue();
            assert.match(secret, /^effekt_[0-9a-f]{64}$/);
            assert.equal(await field.getAttribute('readonly'), '', 'the field is read-only');
            assert.equal(await page.locator('label[for=made-token]').textContent(), `Nyckel ”${name}”`);
            // The field can be selected whole, to copy by hand.
            await field.selectText();
            const copy = page.getByRole('button', { name: 'Kopiera', exact: true });
            if (mode === 'js') {
              await copy.click();
              await page.getByRole('status').filter({ hasText: 'Kopierad.' }).waitFor();
              assert.equal(await page.evaluate(() => navigator.clipboard.readText()), secret);
            } else {
              assert.equal(await copy.count(), 0, 'no button that could not work without JavaScript');
            }
            await page.locator('main table tbody tr').first().waitFor();
            const rows = await listed(page);
            assert.equal(rows.length, 1);
            assert.equal(rows[0][0], name);
            assert.equal(rows[0][3], 'Aldrig');
            for (const shown of rows[0].slice(1, 3)) assert.match(shown, LOCAL_TIME);
            const [made, ends] = await listedTimes(page);
            const days = (Date.parse(ends) - Date.parse(made)) / 86_400_000;
            assert.equal(days, 30, `ends 30 days after it was made: ${rows[0]}`);
            assert.ok(!(await page.locator('main table').textContent()).includes(secret), 'the list never shows the secret');
            await audit(page);
            assert.deepEqual(await meWith(running.server.baseURL, secret), { status: 200, email: user.email });
          });

          await t.test('the key is not shown again, and its use is listed', async () => {
            assert.ok(secret, 'the step before did not make a key');
            await visit(page, '/api-nycklar');
            assert.equal(await page.locator('#made-token').count(), 0);
            assert.ok(!(await page.content()).includes(secret), 'the secret is nowhere in the page');
            const rows = await listed(page);
            assert.equal(rows.length, 1);
            assert.match(rows[0][3], LOCAL_TIME, 'last used');
          });

          await t.test('removing the key ends it', async () => {
            assert.ok(secret, 'the step before did not make a key');
            const remove = page.getByRole('button', { name: `Ta bort ${name}`, exact: true });
            const notice = page.locator('p[role=status]');
            await pressInPlace(page, remove, notice);
            assert.deepEqual(await notice.allTextContents(), ['Nyckeln är borttagen och fungerar inte längre.']);
            await page.locator('main').getByText('Du har inga API-nycklar.').waitFor();
            assert.equal(await page.locator('main table').count(), 0);
            await audit(page);
            assert.deepEqual(await meWith(running.server.baseURL, secret), { status: 401, email: null });
          });

          logged?.assertClean({ warnings: true, refusals: ['/sf/create_api_token'] });
        } finally {
          await context.close();
        }
      });
    });
  }
});
