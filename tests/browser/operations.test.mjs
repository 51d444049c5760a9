// The operations page (/admin/drift, issue #20 item 5), with JavaScript on and off, as the
// admin: reached from /admin by its link, it says that mail is off (the test server has no
// mail server), lists no mail, and names how people sign in. Audited by axe; with JavaScript
// the page logs nothing.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  audit,
  launchBrowser,
  modes,
  navigate,
  signedInContext,
  startServer,
  users,
  visit,
  watchConsole,
} from './harness.mjs';

describe('admin: operations', () => {
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
    test(`${mode}: /admin links to the operations page, which shows mail and sign-in`, async () => {
      const context = await signedInContext(browser, mode, server.baseURL, users.admin);
      try {
        const page = await context.newPage();
        const logged = mode === 'js' ? await watchConsole(page) : null;
        await visit(page, '/admin');
        await navigate(
          page,
          () => page.locator('main').getByRole('link', { name: 'Drift' }).click(),
          /\/admin\/drift$/,
          page.getByRole('heading', { level: 1, name: 'Drift' }),
        );
        assert.equal(await page.title(), 'Drift – Effekt');
        const section = (name) => page.locator('main section', { has: page.getByRole('heading', { level: 2, name }) });
        const mail = section('E-post');
        assert.deepEqual(await mail.locator('p').allTextContents(), [
          'E-post är avstängd: ingen e-postserver är inställd (EFFEKT_SMTP_URL).',
          'Ingen e-post ännu.',
        ]);
        const identity = section('Identitetsleverantör');
        assert.equal(
          await identity.locator('p').textContent(),
          'Endast lokala lösenord: ingen identitetsleverantör är inställd.',
        );
        await audit(page);

        // Loaded afresh, the same page.
        await visit(page, '/admin/drift');
        assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'Drift');
        await audit(page);
        if (logged) logged.assertClean({ warnings: true });
      } finally {
        await context.close();
      }
    });
  }
});
