// The operations page (/admin/drift, issue #20 item 5), with JavaScript on and off, as the
// admin. The server sends mail through a real SMTP server on loopback (aiosmtpd,
// tests/mail/smtp_server.py); an administrator reopens one of Skatteverket's approved quarters,
// which tells its analyst. Reached from /admin by its link, the page says that mail is on,
// lists that mail as sent, and names how people sign in. Audited by axe; with JavaScript the
// page logs nothing.

import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  audit,
  modes,
  navigate,
  quarters,
  reopenAsAdmin,
  serverAndBrowser,
  signedInContext,
  users,
  visit,
  watchConsole,
} from './harness.mjs';

const SKATTEVERKET = '202100-5448';
const ANALYST = 'analytiker@skatteverket.example';
/** The oldest demo quarter: approved for every organisation. */
const REOPENED = quarters.shift(quarters.newest(), -7);
const script = join(resolve(fileURLToPath(new URL('.', import.meta.url)), '..', 'mail'), 'smtp_server.py');

/**
 * The SMTP server of the test, and the lines it writes: first its port, then each mail (in
 * `received`). Resolves to these and the server's variables that have it send mail there.
 */
async function startSmtp() {
  const child = spawn('python3', [script], { stdio: ['ignore', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout });
  const received = [];
  const port = await new Promise((ok, fail) => {
    child.once('error', fail);
    lines.once('line', (line) => ok(JSON.parse(line).port));
  });
  lines.on('line', (line) => received.push(JSON.parse(line)));
  const env = {
    EFFEKT_SMTP_URL: `smtp://127.0.0.1:${port}`,
    EFFEKT_MAIL_FROM: 'Effekt <effekt@test.example>',
    EFFEKT_MAIL_SWEEP_SECONDS: '1',
    // Every mail links to a page there; nothing else reads it over plain HTTP.
    EFFEKT_PUBLIC_URL: 'http://effekt.test.example',
  };
  return { port, received, env, stop: () => child.kill() };
}

describe('admin: operations', () => {
  const running = serverAndBrowser({ companion: startSmtp });
  // Runs after serverAndBrowser's own `before`, which registered first: the server is up.
  before(async () => {
    const smtp = running.companion;
    await reopenAsAdmin(running.server.baseURL, SKATTEVERKET, [REOPENED], 'NKI ser fel ut.');
    const deadline = Date.now() + 10_000;
    while (!smtp.received.some((mail) => mail.to?.includes(ANALYST))) {
      assert.ok(Date.now() < deadline, `no mail to ${ANALYST} within 10 s: ${JSON.stringify(smtp.received)}`);
      await new Promise((ok) => setTimeout(ok, 100));
    }
  });

  for (const mode of modes) {
    test(`${mode}: /admin links to the operations page, which lists the mail and the sign-in`, async () => {
      const context = await signedInContext(running.browser, mode, running.server.baseURL, users.admin);
      const smtp = running.companion;
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
        assert.equal(
          await section('E-post').locator('p').first().textContent(),
          'E-post skickas. Påminnelser går ut före varje kvartals sista inlämningsdag.',
        );
        const table = page.getByRole('region', { name: 'E-post' }).locator('table');
        assert.deepEqual(await table.locator('th').allTextContents(), [
          'Slag', 'Mottagare', 'Ämne', 'Status', 'Försök', 'Senaste försök', 'Skickat',
        ]);
        // A reminder may be listed too, on the days before a deadline of the demo's drafts.
        const rows = table.locator('tbody tr').filter({ hasText: 'Rapport öppnad igen' });
        assert.equal(await rows.count(), 1);
        const cells = await rows.locator('td').allTextContents();
        const label = quarters.label(REOPENED);
        assert.deepEqual(cells.slice(0, 5), [
          'Rapport öppnad igen',
          ANALYST,
          `Rapporten för ${label} är öppnad igen, Skatteverket / ` +
            `The report for Q${REOPENED.slice(5)} ${REOPENED.slice(0, 4)} is reopened, Skatteverket`,
          'Skickat',
          '1',
        ]);
        assert.notEqual(cells[6], '', 'when it was sent');
        assert.equal(
          await section('Identitetsleverantör').locator('p').textContent(),
          'Endast lokala lösenord: ingen identitetsleverantör är inställd.',
        );
        assert.ok(!(await page.content()).includes(`127.0.0.1:${smtp.port}`), 'no mail server address');
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
