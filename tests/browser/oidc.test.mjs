// Signing in through the identity provider from the login page, with JavaScript on and off:
// the page offers "Logga in med …" as a plain link and passes axe; pressing it goes to a
// real OpenID provider on loopback (oidc_provider.mjs, which logs its default account in at
// once) and back, signed in with the mapped role, to the page asked for.

import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  audit,
  modes,
  navigate,
  newContext,
  serverAndBrowser,
  signedInAs,
  visit,
} from './harness.mjs';

const here = fileURLToPath(new URL('.', import.meta.url));
const NAME = 'Testleverantören';
const WANTED = '/organisationer';
// oidc_provider.mjs's analyst, in Skatteverket's group; Skatteverket is in the demo data.
const ANALYST = 'anna@myndighet.example';

/**
 * Starts the provider, which sends browsers back to the server at `baseURL`; resolves to the
 * server's variables that make it the server's identity provider.
 */
async function startProvider({ baseURL }) {
  const child = spawn(process.execPath, [join(here, 'oidc_provider.mjs')], {
    env: {
      ...process.env,
      OIDC_REDIRECT_URI: `${baseURL}/auth/oidc/callback`,
      OIDC_DEFAULT_ACCOUNT: 'analyst',
    },
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const line = await new Promise((ok, fail) => {
    createInterface({ input: child.stdout }).once('line', ok);
    child.once('exit', () => fail(new Error('the OpenID provider exited (npm ci in tests/browser?)')));
  });
  return {
    env: {
      EFFEKT_PUBLIC_URL: baseURL,
      EFFEKT_OIDC_ISSUER: `http://127.0.0.1:${JSON.parse(line).port}`,
      EFFEKT_OIDC_CLIENT_ID: 'effekt',
      EFFEKT_OIDC_CLIENT_SECRET: 'effekt-test-secret',
      EFFEKT_OIDC_NAME: NAME,
      EFFEKT_OIDC_SCOPES: 'email groups',
      EFFEKT_OIDC_ROLES: 'effekt-admins=admin;effekt-analys-2021005448=analyst:202100-5448',
    },
    stop: () => child.kill(),
  };
}

describe('signing in through the identity provider', () => {
  // Started before the server, on the address the server is to have: the provider must know
  // where to send browsers back to, and the server where the provider is.
  const running = serverAndBrowser({ companion: startProvider });

  for (const mode of modes) {
    test(mode, async () => {
      const context = await newContext(running.browser, mode, running.server.baseURL);
      const page = await context.newPage();
      await visit(page, `/logga-in?next=${encodeURIComponent(WANTED)}`);
      await audit(page);
      const button = page.getByRole('link', { name: `Logga in med ${NAME}` });
      assert.equal(await button.count(), 1, 'the login page offers the identity provider');
      await navigate(
        page,
        () => button.click(),
        (url) => url.pathname === WANTED,
        page.locator('h1'),
      );
      assert.equal(await signedInAs(page), ANALYST);
      await context.close();
    });
  }
});
