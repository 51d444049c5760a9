// Every page renders its content, with JavaScript on and off, and passes axe: the pages
// anyone may see (the login page, also with its error, and the accessibility statement)
// signed out, and the rest signed in through the login page.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  audit,
  launchBrowser,
  modes,
  newContext,
  signedInAs,
  signedInContext,
  startServer,
  submitLogin,
  users,
  visit,
} from './harness.mjs';

const SKATTEVERKET = '202100-5448';
const REPORT = `/rapport?organisation=${SKATTEVERKET}&period=2026Q2`;

/** The figure inputs and the lessons text of the report form. */
const formFields = (page) => page.locator('form.figures-form').locator('input:not([type=hidden]), textarea');

/** The start page: its measures, and an "Administration" link only for admins. */
const startPage = (admin) => async (page) => {
  assert.equal(await page.locator('li.measure-card').count(), 14);
  const adminLink = page.locator('header nav a[href="/admin"]');
  assert.equal(await adminLink.count(), admin ? 1 : 0, `"Administration" in the menu ${admin ? '' : 'not '}for this user`);
  if (admin) assert.equal(await adminLink.textContent(), 'Administration');
};

// Each page, the user it is seen as (null: signed out), the h1 it must show (Swedish, the
// default language) and something of its own content that is rendered from the database,
// so a page stuck on its loading placeholder does not pass.
const pages = [
  { path: '/', user: 'analyst', h1: 'Effektmått för offentlig digitalisering', content: startPage(false) },
  { path: '/', user: 'admin', h1: 'Effektmått för offentlig digitalisering', content: startPage(true) },
  {
    path: '/rapport',
    user: 'analyst',
    h1: 'Rapportera kvartalsuppgifter',
    content: async (page) => {
      const skatteverket = page.locator(`select#choose-organisation option[value="${SKATTEVERKET}"]`);
      assert.equal(await skatteverket.textContent(), 'Skatteverket');
      assert.equal(await page.locator('select#choose-period option[value="2026Q2"]').count(), 1);
    },
  },
  {
    path: REPORT,
    user: 'analyst',
    h1: 'Rapportera kvartalsuppgifter',
    content: async (page) => {
      assert.equal(await page.locator('h2#report-heading').textContent(), 'Skatteverket – 2026 K2');
      assert.match(await page.locator('p.report-status').textContent(), /^Status: Utkast\b/);
      assert.equal(await page.locator('#field-customer_satisfaction').count(), 1);
      assert.equal(await page.locator('#field-lessons').count(), 1);
      const disabled = await formFields(page).evaluateAll((fields) => fields.filter((f) => f.disabled).map((f) => f.id));
      assert.deepEqual(disabled, [], 'the analyst may edit their own organisation\'s report');
      assert.equal(await page.getByRole('button', { name: 'Spara rapporten' }).count(), 1);
      assert.deepEqual(await page.locator('div.workflow button').allTextContents(), ['Skicka in rapporten']);
    },
  },
  {
    // Leadership reads the same report without being able to change it.
    path: REPORT,
    user: 'viewer',
    h1: 'Rapportera kvartalsuppgifter',
    content: async (page) => {
      assert.equal(await page.locator('h2#report-heading').textContent(), 'Skatteverket – 2026 K2');
      const notices = await page.locator('section.report p.notice').allTextContents();
      assert.ok(notices.includes('Du kan läsa rapporten men inte ändra den.'), `read-only notice: ${notices}`);
      const fields = await formFields(page).evaluateAll((all) => all.map((f) => ({ id: f.id, disabled: f.disabled })));
      assert.ok(fields.length > 14, `the form has its fields: ${fields.length}`);
      assert.deepEqual(fields.filter((f) => !f.disabled), [], 'every field is disabled for a viewer');
      assert.equal(await page.getByRole('button', { name: 'Spara rapporten' }).count(), 0);
      assert.equal(await page.locator('div.workflow').count(), 0, 'no workflow steps for a viewer');
    },
  },
  {
    path: '/organisationer',
    user: 'analyst',
    h1: 'Organisationer',
    content: async (page) => {
      const link = page.locator(`main a[href="/organisationer/${SKATTEVERKET}"]`);
      assert.equal(await link.textContent(), 'Skatteverket');
    },
  },
  {
    path: `/organisationer/${SKATTEVERKET}`,
    user: 'analyst',
    h1: 'Skatteverket',
    content: async (page) => {
      assert.equal(await page.title(), 'Skatteverket – Effekt');
      const quarters = await page.locator('table.figures thead th').allTextContents();
      assert.ok(quarters.includes('2026 K2'), `figures table has no 2026 K2 column: ${quarters}`);
    },
  },
  { path: '/tillganglighet', user: 'analyst', h1: 'Tillgänglighetsredogörelse', content: async () => {} },
  { path: '/tillganglighet', user: null, h1: 'Tillgänglighetsredogörelse', content: async () => {} },
  {
    path: '/logga-in',
    user: null,
    h1: 'Logga in',
    content: async (page) => {
      assert.equal(await page.title(), 'Logga in – Effekt');
      assert.equal(await page.locator('#login-email').getAttribute('type'), 'email');
      assert.equal(await page.locator('#login-password').getAttribute('type'), 'password');
      assert.equal(await page.locator('p[role=alert]').count(), 0, 'no error before trying');
    },
  },
  {
    // The login page again, showing the error after a wrong password.
    path: '/logga-in',
    user: null,
    h1: 'Logga in',
    label: 'with a wrong password',
    content: async (page) => {
      await submitLogin(page, { email: users.viewer.email, password: 'inte-rätt-lösenord' });
      assert.equal(new URL(page.url()).pathname, '/logga-in', 'a failed sign-in stays on the login page');
      assert.deepEqual(await page.locator('h1').allTextContents(), ['Logga in']);
      assert.deepEqual(await page.locator('p[role=alert]').allTextContents(), ['Fel e-postadress eller lösenord.']);
      assert.equal(await signedInAs(page), null, 'nobody is signed in');
      assert.equal(await page.locator('#login-email').count(), 1, 'the form is there to try again');
    },
  },
];

describe('pages', () => {
  let server;
  let browser;
  before(async () => {
    server = await startServer();
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  for (const mode of modes) {
    describe(mode, () => {
      for (const { path, user, h1, content, label } of pages) {
        const who = user ? `as ${user}` : 'signed out';
        test(`${path} ${who}${label ? ` ${label}` : ''} renders and passes axe`, async () => {
          const context = user
            ? await signedInContext(browser, mode, server.baseURL, users[user])
            : await newContext(browser, mode, server.baseURL);
          try {
            const page = await context.newPage();
            await visit(page, path);
            assert.equal(await signedInAs(page), user ? users[user].email : null);
            assert.deepEqual(await page.locator('h1').allTextContents(), [h1]);
            await content(page);
            await audit(page);
          } finally {
            await context.close();
          }
        });
      }
    });
  }
});
