// Signing in and out, with JavaScript on and off: a signed-out visitor asking for a page is
// sent to the login page and, once signed in, lands on the page they asked for (also after a
// wrong password first); signing out ends the session.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  assertRendered,
  audit,
  modes,
  newContext,
  quarters,
  serverAndBrowser,
  signedInAs,
  signedInContext,
  signOut,
  submitLogin,
  users,
  visit,
  waitForHydration,
} from './harness.mjs';

// A page with a query string, so that the whole address has to survive the trip.
// The newest demo quarter but one, a draft of Skatteverket's (server/src/demo.rs).
const DRAFT = quarters.shift(quarters.newest(), -1);
const WANTED = `/rapport?organisation=202100-5448&period=${DRAFT}`;
const WANTED_HEADING = `Skatteverket – ${quarters.label(DRAFT)}`;

/**
 * Asks for `path` signed out: the server answers 303 to the login page, whose `next` is the
 * page asked for. Leaves the page on the (hydrated) login page.
 */
async function askSignedOut(page, path) {
  const response = await page.goto(path);
  assert.ok(response, `no response for ${path}`);
  const first = response.request().redirectedFrom();
  assert.ok(first, `GET ${path} signed out was not redirected (${response.status()} at ${page.url()})`);
  assert.equal(new URL(first.url()).pathname + new URL(first.url()).search, path);
  assert.equal((await first.response()).status(), 303, `GET ${path} signed out answers 303`);
  assert.equal(response.status(), 200);
  const url = new URL(page.url());
  assert.equal(url.pathname, '/logga-in', `${path} signed out goes to the login page`);
  assert.equal(url.searchParams.get('next'), path, 'the login page knows the page asked for');
  await waitForHydration(page);
  await assertRendered(page);
  assert.deepEqual(await page.locator('h1').allTextContents(), ['Logga in']);
  assert.equal(await signedInAs(page), null);
}

/** The page asked for, shown signed in as the analyst. */
async function assertOnWanted(page) {
  const url = new URL(page.url());
  assert.equal(url.pathname + url.search, WANTED, 'signing in lands on the page asked for');
  assert.equal(await page.locator('h2#report-heading').textContent(), WANTED_HEADING);
  assert.equal(await signedInAs(page), users.analyst.email);
}

describe('signing in and out', () => {
  const running = serverAndBrowser();

  for (const mode of modes) {
    describe(mode, () => {
      test('a signed-out visitor signs in and lands on the page asked for', async () => {
        const context = await newContext(running.browser, mode, running.server.baseURL);
        try {
          const page = await context.newPage();
          await askSignedOut(page, WANTED);
          await audit(page);
          await submitLogin(page, users.analyst, WANTED);
          await assertOnWanted(page);
          await audit(page);
        } finally {
          await context.close();
        }
      });

      test('after a wrong password, signing in still lands on the page asked for', async () => {
        const context = await newContext(running.browser, mode, running.server.baseURL);
        try {
          const page = await context.newPage();
          await askSignedOut(page, WANTED);
          await submitLogin(page, { email: users.analyst.email, password: 'inte-rätt-lösenord' });
          assert.equal(new URL(page.url()).pathname, '/logga-in', 'a failed sign-in stays on the login page');
          assert.deepEqual(await page.locator('p[role=alert]').allTextContents(), ['Fel e-postadress eller lösenord.']);
          assert.equal(await signedInAs(page), null);
          await audit(page);
          await submitLogin(page, users.analyst);
          await assertOnWanted(page);
        } finally {
          await context.close();
        }
      });

      test('signing out ends the session', async () => {
        const context = await signedInContext(running.browser, mode, running.server.baseURL, users.viewer);
        try {
          const page = await context.newPage();
          await visit(page, '/organisationer');
          assert.equal(await signedInAs(page), users.viewer.email);
          await signOut(page);
          assert.deepEqual(await page.locator('h1').allTextContents(), ['Logga in']);
          await audit(page);
          // The session is over on the server, not just forgotten by this page.
          await askSignedOut(page, '/organisationer');
        } finally {
          await context.close();
        }
      });
    });
  }
});
