// With JavaScript on, every page is sent with a Content-Security-Policy carrying a fresh
// nonce, its inline scripts carry that nonce, it hydrates under the policy, and it logs no
// console errors or warnings, no uncaught exceptions and no CSP violations.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  newContext,
  quarters,
  serverAndBrowser,
  signedInAs,
  signedInContext,
  signOut,
  submitLogin,
  users,
  visit,
  watchConsole,
} from './harness.mjs';

// The newest demo quarter but one, a draft of Skatteverket's (server/src/demo.rs).
const DRAFT = quarters.shift(quarters.newest(), -1);
const pages = [
  { path: '/logga-in', user: null },
  { path: '/tillganglighet', user: null },
  { path: '/', user: 'analyst' },
  { path: '/rapport', user: 'analyst' },
  { path: `/rapport?organisation=202100-5448&period=${DRAFT}`, user: 'analyst' },
  { path: `/rapport?organisation=202100-5448&period=${DRAFT}`, user: 'viewer' },
  { path: '/organisationer', user: 'analyst' },
  { path: '/organisationer/202100-5448', user: 'analyst' },
  { path: '/organisationer/202100-5448/historik', user: 'viewer' },
  { path: '/?kind=municipality', user: 'viewer' },
  { path: '/matt/customer_satisfaction?kind=municipality&org=212000-0142&org=212000-1124', user: 'viewer' },
  { path: '/matt/issues_solved', user: 'viewer' },
  { path: '/rapportering', user: 'viewer' },
  { path: `/rapport/kvartal/${quarters.newest().replace('Q', 'K')}`, user: 'viewer' },
  { path: '/', user: 'admin' },
  { path: '/admin', user: 'admin' },
  { path: '/admin/organisationer', user: 'admin' },
  { path: '/admin/anvandare', user: 'admin' },
];

/** The nonce the response's policy allows scripts with; fails if the policy is not as meant. */
async function policyNonce(response, path) {
  const policy = await response.headerValue('content-security-policy');
  assert.ok(policy, `${path} has no Content-Security-Policy`);
  const scripts = policy.split(';').map((d) => d.trim()).find((d) => d.startsWith('script-src '));
  assert.ok(scripts, `${path}: the policy has no script-src: ${policy}`);
  const sources = scripts.split(/\s+/).slice(1);
  const nonces = sources.filter((s) => /^'nonce-[^']+'$/.test(s));
  assert.equal(nonces.length, 1, `${path}: one nonce in script-src: ${scripts}`);
  assert.ok(sources.includes("'self'") && sources.includes("'wasm-unsafe-eval'"), `${path}: ${scripts}`);
  for (const unsafe of ["'unsafe-inline'", "'unsafe-eval'", '*', 'data:']) {
    assert.ok(!sources.includes(unsafe), `${path}: script-src allows ${unsafe}: ${scripts}`);
  }
  return nonces[0].slice("'nonce-".length, -1);
}

describe('content security policy (js)', () => {
  const running = serverAndBrowser();

  for (const { path, user } of pages) {
    test(`${path} ${user ? `as ${user}` : 'signed out'} hydrates under its policy with a clean console`, async () => {
      const context = user
        ? await signedInContext(running.browser, 'js', running.server.baseURL, users[user])
        : await newContext(running.browser, 'js', running.server.baseURL);
      try {
        const page = await context.newPage();
        const logged = await watchConsole(page);
        // visit() waits for hydration: the wasm app loaded and took over under the policy.
        const nonce = await policyNonce(await visit(page, path), path);
        const scripts = await page.locator('script').evaluateAll((all) =>
          all.map((s) => ({ src: s.getAttribute('src'), nonce: s.nonce, text: s.textContent.slice(0, 60) })));
        assert.ok(scripts.length > 0, 'the page has its hydration script');
        for (const script of scripts.filter((s) => !s.src)) {
          assert.equal(script.nonce, nonce, `inline script without this response's nonce: ${script.text}`);
        }
        // A new response, a new nonce.
        const again = await policyNonce(await visit(page, path), path);
        assert.notEqual(again, nonce, 'the nonce is the same on two responses');
        logged.assertClean({ warnings: true });
      } finally {
        await context.close();
      }
    });
  }

  test('signing in, after a wrong password first, and out again logs nothing', async () => {
    const context = await newContext(running.browser, 'js', running.server.baseURL);
    try {
      const page = await context.newPage();
      const logged = await watchConsole(page);
      const wanted = '/organisationer';
      await page.goto(wanted);
      await submitLogin(page, { email: users.viewer.email, password: 'inte-rätt-lösenord' });
      assert.equal(await page.locator('p[role=alert]').count(), 1, 'the wrong password is reported');
      await submitLogin(page, users.viewer, wanted);
      assert.equal(await signedInAs(page), users.viewer.email);
      await signOut(page);
      logged.assertClean({ warnings: true });
    } finally {
      await context.close();
    }
  });
});
