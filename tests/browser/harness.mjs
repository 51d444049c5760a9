// Shared pieces of the browser tests: the real Effekt server on a fresh database, Chromium,
// a browser context per mode ('js' = hydrated app, 'nojs' = plain HTML forms) and an axe audit.

import { spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before } from 'node:test';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';

const here = fileURLToPath(new URL('.', import.meta.url));
/** The repository root: the server starts there, unless it is to start `alone`. */
const repo = resolve(here, '..', '..');
// The debug build, as `scripts/test` builds it for every test (`cargo build --workspace --bins`).
const binary = process.env.EFFEKT_BIN ?? join(repo, 'target', 'debug', 'effekt');
const axeSource = readFileSync(join(here, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');

export const modes = ['js', 'nojs'];

/** A port nobody listens on right now: bind port 0, read what the OS gave, let it go. */
export async function freePort() {
  const { port, release } = await reservePort();
  await release();
  return port;
}

/**
 * A port held until release(): nothing else the OS hands a port to meanwhile (a companion
 * asking for any free port) can get it.
 */
function reservePort() {
  return new Promise((ok, fail) => {
    const probe = createServer();
    probe.unref();
    probe.on('error', fail);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      ok({ port, release: () => new Promise((closed) => probe.close(closed)) });
    });
  });
}

/** The variables that would have the server read from disk what it carries inside itself. */
const diskSources = ['LEPTOS_SITE_ROOT', 'EFFEKT_CATALOGUE', 'EFFEKT_DEMO_FILE'];

/**
 * Starts the built server on a new SQLite file with the demo data loaded, on `port` when given
 * (a test that must tell another service the address first) and with the variables of `env`
 * besides. Returns { baseURL, stop, dir }; stop() kills the server and removes the temp dir.
 *
 * `alone`: a copy of the binary alone in the temp dir `dir`, started there with its default
 * database (`data/effekt.db`), catalogue, demo data and site, as someone installing it would.
 */
export async function startServer({ alone = false, port: chosen, env: extra = {} } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'effekt-browser-'));
  const port = chosen ?? (await freePort());
  const baseURL = `http://127.0.0.1:${port}`;
  const env = {
    ...process.env,
    ...extra,
    DATABASE_URL: `sqlite://${join(dir, 'effekt.db')}`,
    LEPTOS_SITE_ADDR: `127.0.0.1:${port}`,
    EFFEKT_DEMO_DATA: 'true',
    RUST_LOG: process.env.RUST_LOG ?? 'warn',
  };
  let program = binary;
  if (alone) {
    program = join(dir, 'effekt');
    copyFileSync(binary, program);
    for (const name of ['DATABASE_URL', ...diskSources]) delete env[name];
  }
  const child = spawn(program, [], {
    cwd: alone ? dir : repo,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // Keep the server's own words, to show them if it never comes up.
  let log = '';
  child.stdout.on('data', (chunk) => (log += chunk));
  child.stderr.on('data', (chunk) => (log += chunk));
  let spawnError;
  child.on('error', (error) => (spawnError = error)); // e.g. the binary is not built
  const exited = new Promise((ok) => child.once('exit', (code, signal) => ok({ code, signal })));
  // Should the test process end without running `after` hooks, take the server along.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);

  const stop = async () => {
    process.off('exit', killOnExit);
    if (child.pid !== undefined && child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(dir, { recursive: true, force: true });
  };

  // Loading the demo data takes a moment; /healthz answers 200 once the server serves.
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (spawnError) {
      await stop();
      throw new Error(`cannot start ${program}: ${spawnError.message}`);
    }
    if (child.exitCode !== null || child.signalCode !== null) {
      await stop();
      throw new Error(`effekt exited before it was healthy:\n${log}`);
    }
    try {
      const response = await fetch(`${baseURL}/healthz`);
      if (response.status === 200) break;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`effekt did not answer /healthz within 30 s:\n${log}`);
    }
    await new Promise((ok) => setTimeout(ok, 100));
  }
  return { baseURL, stop, dir };
}

/**
 * The server and the browser of the tests in one `describe`: started before its tests and
 * stopped after them. `running.server` and `running.browser` are there once the tests run.
 * `options` are startServer's, and `companion`.
 *
 * `companion`: a service the server talks to (an identity provider, a mail server), which
 * must be up before it, and may need to know the server's address first (a provider sends
 * browsers back to it). An async function given { port, baseURL }, the server's to be, that
 * resolves to { env, stop } and whatever else the tests read of it: the server gets `env`
 * besides the variables of `options.env`, stop() is called once the server is stopped, and
 * the whole is `running.companion`.
 */
export function serverAndBrowser({ companion: startCompanion, ...options } = {}) {
  const running = {};
  before(async () => {
    let { port, env } = options;
    if (startCompanion) {
      // Held while the companion starts, so that the port it asks the OS for is another.
      const reserved = port === undefined ? await reservePort() : undefined;
      port ??= reserved.port;
      try {
        running.companion = await startCompanion({ port, baseURL: `http://127.0.0.1:${port}` });
      } finally {
        await reserved?.release();
      }
      env = { ...env, ...running.companion.env };
    }
    running.server = await startServer({ ...options, port, env });
    running.browser = await launchBrowser();
  });
  after(async () => {
    await running.browser?.close();
    await running.server?.stop();
    await running.companion?.stop();
  });
  return running;
}

export function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** Which contexts run JavaScript (Playwright does not say). */
const jsContexts = new WeakMap();
const runsJs = (page) => jsContexts.get(page.context()) === true;

/** A fresh context (own cookies) with JavaScript on ('js') or off ('nojs'). */
export async function newContext(browser, mode, baseURL) {
  assert.ok(modes.includes(mode), `unknown mode ${mode}`);
  const context = await browser.newContext({ baseURL, javaScriptEnabled: mode === 'js' });
  // Server-rendered content is there at `load`, and hydrated updates follow within a
  // second or two; Playwright's 30 s default only makes a missing element slow to report.
  context.setDefaultTimeout(10_000);
  jsContexts.set(context, mode === 'js');
  return context;
}

/**
 * Waits until the Leptos app in the page has hydrated. A no-op without JavaScript.
 *
 * Nothing in the DOM changes when Leptos hydrates, and the generated loader (import
 * effekt.js, instantiate the wasm, then call hydrate()) leaves no global behind, so
 * "network idle" would only be a guess at how long compiling the wasm (7 MB in a debug
 * build) takes. What hydration does leave is event listeners: the router adds `click` and
 * `popstate` listeners to `window`, and in Chromium they appear after the components'
 * own (e.g. the report form's `submit` handler), at the end of hydrating. No page script
 * adds a `popstate` listener otherwise, so we ask Chromium through the DevTools protocol
 * for the window's listeners and wait for that one. This reads the page without changing it.
 */
export async function waitForHydration(page, { timeout = 30_000 } = {}) {
  if (!runsJs(page)) return;
  const cdp = await page.context().newCDPSession(page);
  try {
    const deadline = Date.now() + timeout;
    for (;;) {
      try {
        const { result } = await cdp.send('Runtime.evaluate', { expression: 'window' });
        const { listeners } = await cdp.send('DOMDebugger.getEventListeners', {
          objectId: result.objectId,
        });
        if (listeners.some((l) => l.type === 'popstate')) return;
      } catch {
        // The document was being replaced (a navigation committing); ask again.
      }
      if (Date.now() > deadline) throw new Error(`page did not hydrate within ${timeout} ms: ${page.url()}`);
      await new Promise((ok) => setTimeout(ok, 50));
    }
  } finally {
    await cdp.detach();
  }
}

/**
 * The page shows its content, not the placeholder a Leptos <Suspense> shows until its data
 * is there. By the `load` event the server has sent everything, so a placeholder still
 * showing then is content a reader never gets.
 */
export async function assertRendered(page) {
  const placeholders = page.locator('main p').filter({ hasText: /^(Hämtar …|Loading …)$/ });
  assert.equal(
    await placeholders.count(),
    0,
    `${page.url()} still shows its loading placeholder after load: the content never appeared`,
  );
}

/**
 * Goes to a path, waits for hydration (with JavaScript on) and checks the content is there.
 * The page must answer itself: a redirect (e.g. to the login page, when the context is not
 * signed in) fails, rather than auditing some other page under the wanted one's name. It
 * must answer `status`: 200 unless told otherwise (e.g. 403 for a page the user may not see).
 */
export async function visit(page, path, { status = 200 } = {}) {
  const response = await page.goto(path);
  assert.ok(response, `no response for ${path}`);
  const from = response.request().redirectedFrom();
  assert.equal(from, null, `GET ${path} was redirected to ${page.url()}`);
  assert.equal(response.status(), status, `GET ${path} answered ${response.status()}`);
  await waitForHydration(page);
  await assertRendered(page);
  return response;
}

/**
 * Does `act` (clicking a link or a GET form's button) and waits until the page is at an
 * address `matches` accepts and shows its content. Without JavaScript that is a new document;
 * with it, a plain GET form is a new document too, but a link is the router's navigation in
 * place, after which the page loads its data from a server function behind its loading
 * placeholder, so that placeholder must be gone. Either way, `ready` (a locator, e.g. the
 * page's h1 or the error panel) must then be there.
 */
export async function navigate(page, act, matches, ready) {
  await Promise.all([page.waitForURL(matches), act()]);
  await waitForHydration(page);
  const placeholder = page.locator('main p').filter({ hasText: /^(Hämtar …|Loading …)$/ });
  if (runsJs(page)) {
    const deadline = Date.now() + 10_000;
    while ((await placeholder.count()) > 0) {
      assert.ok(Date.now() < deadline, `${page.url()} still shows its loading placeholder after 10 s`);
      await new Promise((ok) => setTimeout(ok, 50));
    }
  } else {
    await assertRendered(page);
  }
  await ready.first().waitFor();
}

/**
 * Quarters as the demo data has them. The server loads eight quarters ending with the one
 * before today's (UTC), so the newest quarter with figures moves with the calendar.
 */
export const quarters = {
  /** The newest demo quarter: the one before today's, as `2026Q3`. */
  newest() {
    const now = new Date();
    return quarters.shift(`${now.getUTCFullYear()}Q${Math.floor(now.getUTCMonth() / 3) + 1}`, -1);
  },
  /** `value` moved by `by` quarters (negative: earlier). */
  shift(value, by) {
    const [, year, quarter] = /^(\d{4})Q([1-4])$/.exec(value);
    const index = Number(year) * 4 + Number(quarter) - 1 + by;
    return `${Math.floor(index / 4)}Q${(index % 4) + 1}`;
  },
  /** How the Swedish pages write it: `2026 K3`. */
  label(value) {
    return value.replace('Q', ' K');
  },
};

/**
 * A number as the Swedish pages write it ("3 594,2", "−1,5", with no-break spaces between
 * thousands and a real minus sign), or NaN if the text is not one.
 */
export function swedishNumber(text) {
  const plain = text.trim().replace(/[\u00a0 ]/g, '').replace('\u2212', '-').replace(',', '.');
  return /^-?\d+(\.\d+)?$/.test(plain) ? Number(plain) : NaN;
}

/**
 * Presses a button of a <PostForm> (app/src/form_action.rs) and waits for `shown` (a locator) to appear.
 * With JavaScript the hydrated form calls its server function itself and the page updates
 * in place; to be sure that path is the one tested (and not the browser's own form post as
 * a fallback), the document is marked first and the mark must still be there afterwards.
 * Without JavaScript it is a plain POST, answered by a redirect to a new page.
 */
export async function pressInPlace(page, button, shown) {
  const js = runsJs(page);
  if (js) await page.evaluate(() => (window.__effektBeforePress = true));
  const loaded = js ? null : page.waitForEvent('load');
  await button.click();
  if (loaded) {
    await loaded;
    await assertRendered(page);
  }
  await shown.waitFor();
  if (js) {
    assert.equal(
      await page.evaluate(() => window.__effektBeforePress),
      true,
      'pressing the button reloaded the page: the form was not hydrated',
    );
  }
}

/** The demo accounts (data/demo.toml, loaded with EFFEKT_DEMO_DATA=true). */
export const users = {
  admin: { email: 'admin@effekt.example', password: 'demo-admin-losenord' },
  /** Analyst of Skatteverket (202100-5448): may write that organisation's reports. */
  analyst: { email: 'analytiker@skatteverket.example', password: 'demo-analytiker-losenord' },
  /** Leadership: may read everything, write nothing. */
  viewer: { email: 'ledning@effekt.example', password: 'demo-ledning-losenord' },
};

/** The path and query of a page address, as the login page's `next` carries it. */
const pathAndQuery = (url) => {
  const u = new URL(url);
  return `${u.pathname}${u.search}`;
};

/**
 * Signs in as the administrator through the API and reopens `organisation`'s reports for
 * `periods`, giving `reason`: as an administrator does, without a browser.
 */
export async function reopenAsAdmin(baseURL, organisation, periods, reason) {
  const json = { 'Content-Type': 'application/json', Origin: baseURL };
  const login = await fetch(`${baseURL}/api/v1/login`, {
    method: 'POST',
    headers: json,
    body: JSON.stringify(users.admin),
  });
  assert.equal(login.status, 200);
  const cookie = login.headers.get('set-cookie').split(';')[0];
  for (const period of periods) {
    const path = `/api/v1/organisations/${organisation}/reports/${period}/reopen`;
    const response = await fetch(`${baseURL}${path}`, {
      method: 'POST',
      headers: { ...json, Cookie: cookie },
      body: JSON.stringify({ reason }),
    });
    assert.equal(response.status, 200, `${path}: ${await response.text()}`);
  }
}

/** Who the header says is signed in, or null when it shows no one. */
export async function signedInAs(page) {
  const form = page.locator('header form.signed-in');
  if ((await form.count()) === 0) return null;
  return form.locator('strong').textContent();
}

/**
 * Fills in and sends the login form on the page as it is (the login page, already open),
 * then waits for the full page load the POST ends in. Returns once that page is in: at
 * `expectPath` (path and query) when given.
 */
export async function submitLogin(page, { email, password }, expectPath) {
  await page.locator('#login-email').fill(email);
  await page.locator('#login-password').fill(password);
  const before = page.url();
  // Signing in is a plain form POST (a new document with or without JavaScript), answered
  // by a redirect to `next` or, on failure, back to the login page.
  const loaded = page.waitForNavigation({ waitUntil: 'load' });
  await page.getByRole('button', { name: 'Logga in', exact: true }).click();
  await loaded;
  if (expectPath !== undefined) {
    assert.equal(pathAndQuery(page.url()), expectPath, `after signing in from ${before}`);
  }
  await waitForHydration(page);
  await assertRendered(page);
}

/**
 * Signs in through the real login page, in the page's mode, and lands on `next` (the start
 * page unless given), which the header then shows signed in as the user.
 */
export async function signIn(page, user, next = '/') {
  await visit(page, `/logga-in?next=${encodeURIComponent(next)}`);
  assert.deepEqual(await page.locator('h1').allTextContents(), ['Logga in']);
  await submitLogin(page, user, next);
  assert.equal(
    await page.locator('header form.signed-in span').textContent(),
    `Inloggad som ${user.email}`,
    `the header shows who is signed in on ${page.url()}`,
  );
  assert.equal(await signedInAs(page), user.email);
}

/** Presses "Logga ut" in the header: a plain form POST that ends on the login page. */
export async function signOut(page) {
  const loaded = page.waitForNavigation({ waitUntil: 'load' });
  await page.locator('header form.signed-in').getByRole('button', { name: 'Logga ut' }).click();
  await loaded;
  assert.equal(new URL(page.url()).pathname, '/logga-in', 'signing out ends on the login page');
  await waitForHydration(page);
  await assertRendered(page);
  assert.equal(await signedInAs(page), null, 'nobody is shown signed in after signing out');
}

/** A fresh context in the mode, signed in as the user through the login page. */
export async function signedInContext(browser, mode, baseURL, user) {
  const context = await newContext(browser, mode, baseURL);
  try {
    const page = await context.newPage();
    await signIn(page, user);
    await page.close();
  } catch (error) {
    await context.close();
    throw error;
  }
  return context;
}

/**
 * Records what a page reports about itself that a reader never sees: console errors and
 * warnings, uncaught exceptions, Content-Security-Policy violations (Chromium logs each
 * refused script as a console error; the `securitypolicyviolation` event, listened to from
 * a script the browser adds before any of the page's own, catches them as well), and
 * responses with an error status. Works only with JavaScript on. Call before the page's
 * first navigation.
 *
 * Chromium also logs every response with status 400 or more as a console error ("Failed to
 * load resource: the server responded with a status of …"). A server function that refuses
 * its input (e.g. a report with invalid figures) can only answer with such a status, so a
 * test may name the server functions whose 4xx refusals are expected; a 5xx is always a
 * failure.
 */
export async function watchConsole(page) {
  assert.ok(runsJs(page), 'watchConsole needs JavaScript');
  const seen = { errors: [], warnings: [], exceptions: [], csp: [], responses: [] };
  page.on('console', (message) => {
    const source = message.location()?.url;
    const text = message.text();
    // The same thing as the response, recorded below with its address and method.
    if (message.type() === 'error' && /^Failed to load resource: the server responded with a status of \d{3}\b/.test(text)) return;
    const where = `${page.url()}: ${text}${source ? ` (${source})` : ''}`;
    if (message.type() === 'error') seen.errors.push(where);
    if (message.type() === 'warning') seen.warnings.push(where);
  });
  page.on('response', (response) => {
    if (response.status() < 400) return;
    const request = response.request();
    seen.responses.push({
      status: response.status(),
      path: new URL(response.url()).pathname,
      text: `${request.method()} ${response.url()} answered ${response.status()} ${response.statusText()}`,
    });
  });
  page.on('pageerror', (error) => seen.exceptions.push(`${page.url()}: ${error.stack ?? error.message}`));
  await page.exposeBinding('__effektCspViolation', ({ frame }, text) => seen.csp.push(`${frame.url()}: ${text}`));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__effektCspViolation(`${e.violatedDirective} blocked ${e.blockedURI || '(inline)'} ` +
        `at ${e.sourceFile}:${e.lineNumber}`);
    });
  });
  return {
    seen,
    /**
     * Fails listing every console error, uncaught exception, CSP violation and error
     * response so far, except 4xx answers of the server functions in `refusals` (paths);
     * console warnings too if `warnings`.
     */
    assertClean({ warnings = false, refusals = [] } = {}) {
      const report = [
        ...seen.errors.map((e) => `console error: ${e}`),
        ...seen.exceptions.map((e) => `uncaught: ${e}`),
        ...seen.csp.map((e) => `CSP violation: ${e}`),
        ...seen.responses
          .filter((r) => !(r.status < 500 && refusals.includes(r.path)))
          .map((r) => `error response: ${r.text}`),
        ...(warnings ? seen.warnings.map((e) => `console warning: ${e}`) : []),
      ];
      assert.deepEqual(report, [], `the page reported problems:\n${report.join('\n')}`);
    },
  };
}

const axeOptions = {
  runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
};

async function runAxe(page) {
  await page.evaluate(axeSource);
  return page.evaluate((options) => window.axe.run(document, options), axeOptions);
}

/**
 * Runs axe (WCAG 2.0/2.1 A and AA) on the page as it is now and fails listing every
 * violation.
 *
 * Without JavaScript axe cannot run in the page itself: Playwright's `javaScriptEnabled:
 * false` turns on Chromium's script-execution-disabled emulation, and under it
 * page.evaluate still runs but timers never fire, so axe.run() never settles (and
 * addScriptTag inserts a script that never executes). So for a no-JS page we audit a copy:
 * the document exactly as the no-JS browser has it (with scripts off nothing has touched
 * the DOM, so it is the server's HTML as parsed), served at the same URL in a throw-away
 * JS-enabled context whose response carries `Content-Security-Policy: script-src 'none'`.
 * Chromium then refuses every page script (the inline hydration loader and the streaming
 * scripts, so no content moves and nothing hydrates), just as with JavaScript off, while
 * stylesheets and images still load from the real server so contrast is checked against
 * the real CSS. DevTools evaluation is not subject to the page's CSP, so axe runs.
 */
export async function audit(page) {
  let results;
  if (runsJs(page)) {
    results = await runAxe(page);
  } else {
    const html = await page.content();
    const url = page.url();
    // Requests carry no #fragment; match the rest exactly, and make sure the copy was
    // served, so a mismatch can never audit a fresh GET from the server instead.
    const address = new URL(url);
    address.hash = '';
    let served = false;
    const context = await page.context().browser().newContext({ javaScriptEnabled: true });
    try {
      const copy = await context.newPage();
      // A predicate, not a string: a string is a glob, and URLs have '?' in them.
      await copy.route((u) => u.href === address.href, (route) => {
        served = true;
        return route.fulfill({
          status: 200,
          contentType: 'text/html; charset=utf-8',
          headers: { 'Content-Security-Policy': "script-src 'none'" },
          body: html,
        });
      });
      await copy.goto(url);
      assert.ok(served, `the no-JS copy of ${url} was not served`);
      results = await runAxe(copy);
    } finally {
      await context.close();
    }
  }
  const report = results.violations.flatMap((v) => [
    `${v.id} (${v.impact}): ${v.help} [${v.helpUrl}]`,
    ...v.nodes.map((n) => `    ${n.target.join(' ')}  ${n.html}`),
  ]);
  assert.deepEqual(report, [], `axe found accessibility violations on ${page.url()}:\n${report.join('\n')}`);
}

/**
 * What loading `url` in a new page of `context` transfers with the browser's cache off: each
 * response's URL, its kind as Chromium names it with its encoding ("Script br"), and its bytes
 * on the wire, compressed as sent (`encodedDataLength`). For the first-visit figure in
 * BENCHMARKS.md: `transfer.test.mjs` holds it to its goal, `transfer.mjs` prints it.
 */
export async function firstVisitTransfer(context, url) {
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  const responses = new Map();
  const transferred = [];
  cdp.on('Network.responseReceived', ({ requestId, type, response }) => {
    const encoding = response.headers['content-encoding'] ?? 'identity';
    responses.set(requestId, { url: response.url, kind: `${type} ${encoding}` });
  });
  cdp.on('Network.loadingFinished', ({ requestId, encodedDataLength }) => {
    const { url, kind } = responses.get(requestId) ?? { url: '?', kind: 'other' };
    transferred.push({ url, kind, bytes: encodedDataLength });
  });
  await page.goto(url, { waitUntil: 'networkidle' });
  await page.close();
  return transferred;
}

/**
 * Puts beside each shown chart image that a page serves at an address of its own (a measure
 * page's, `server/src/measure_chart.rs`) the SVG it was served, fetched with the page's
 * cookies, drawn at the image's width out of sight, so that a test reads the chart's text and
 * measures it as the image shows it. Each is an `svg[data-served]` in the chart's `div.chart`;
 * charts already in the page (SVG markup, `data:` images) are left as they are.
 */
export async function inlineServedCharts(page) {
  // Anew each time: the page may have changed its charts since (a hydrated page navigates).
  await page.locator('main div.chart').evaluateAll((charts) => {
    for (const chart of charts) {
      for (const drawn of chart.querySelectorAll(':scope > svg[data-served]')) drawn.remove();
      for (const img of chart.querySelectorAll(':scope > img[data-inlined]')) img.removeAttribute('data-inlined');
    }
  });
  const images = page.locator('main div.chart > img:not([data-inlined])');
  const shown = await images.evaluateAll((imgs) =>
    imgs.map((img) => !img.src.startsWith('data:') && getComputedStyle(img).display !== 'none'));
  for (const [index, served] of [...shown.entries()].reverse()) {
    if (!served) continue;
    const img = images.nth(index);
    const src = new URL(await img.getAttribute('src'), page.url()).href;
    const response = await page.context().request.get(src);
    assert.equal(response.status(), 200, src);
    assert.equal(response.headers()['content-type'], 'image/svg+xml', src);
    const svg = await response.text();
    // Synchronous: without JavaScript the page still evaluates, but nothing asynchronous settles.
    await img.evaluate((el, text) => {
      const drawn = document.importNode(new DOMParser().parseFromString(text, 'image/svg+xml').documentElement, true);
      drawn.setAttribute('data-served', el.getAttribute('src'));
      drawn.removeAttribute('height');
      drawn.style.cssText = `position: absolute; left: -100000px; top: 0; width: ${el.getBoundingClientRect().width}px; height: auto`;
      el.setAttribute('data-inlined', '');
      el.after(drawn);
    }, svg);
  }
}

/** The served chart shown in `figure` (see `inlineServedCharts`), as the image shows it. */
export async function servedChart(page, figure) {
  await inlineServedCharts(page);
  const chart = figure.locator('div.chart > svg[data-served]');
  assert.equal(await chart.count(), 1, 'one drawing of the chart is shown');
  return chart;
}
