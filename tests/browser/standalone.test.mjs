// Issue #20, item 1: the binary is the one thing to install. Copied alone into an
// empty folder and started there, with no LEPTOS_SITE_ROOT, EFFEKT_CATALOGUE, EFFEKT_DEMO_FILE
// or DATABASE_URL, it creates its database under data/, loads the demo data it carries, and
// serves the dashboard with the bundle and stylesheet it carries: hydrated, styled, the bundle
// sent precompressed, and no console error. Nothing else appears in the folder: nothing was
// unpacked to disk, and there was nothing on disk to read it from.

import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serverAndBrowser, signedInContext, users, visit, watchConsole } from './harness.mjs';

const running = serverAndBrowser({ alone: true });

test('the binary alone serves the dashboard hydrated and styled (js)', async () => {
  const context = await signedInContext(running.browser, 'js', running.server.baseURL, users.viewer);
  try {
    const page = await context.newPage();
    const watcher = await watchConsole(page);
    const bundle = [];
    page.on('response', (response) => {
      const path = new URL(response.url()).pathname;
      if (path.startsWith('/pkg/')) bundle.push({ path, status: response.status(), response });
    });
    await visit(page, '/');
    assert.deepEqual(await page.locator('h1').allTextContents(), ['Effektmått för offentlig digitalisering']);

    // The script, the WebAssembly and the stylesheet came from the binary, from the folder
    // named by their hash, compressed by the build.
    const names = bundle.map(({ path }) => path.replace(/^\/pkg\/[0-9a-f]{16}\//, '')).sort();
    assert.deepEqual(names, ['effekt.css', 'effekt.js', 'effekt_bg.wasm'], JSON.stringify(bundle.map((b) => b.path)));
    for (const { path, status, response } of bundle) {
      assert.equal(status, 200, path);
      assert.ok(['br', 'gzip'].includes(await response.headerValue('content-encoding')), `${path} is sent precompressed`);
      assert.equal(await response.headerValue('cache-control'), 'public, max-age=31536000, immutable', path);
    }

    // The stylesheet applies: the header's colours are main.css's, not the browser's own.
    const sheets = await page.evaluate(() =>
      [...document.styleSheets].map((sheet) => ({ href: sheet.href, rules: sheet.cssRules.length })),
    );
    const own = sheets.filter((sheet) => /\/pkg\/[0-9a-f]{16}\/effekt\.css$/.test(sheet.href ?? ''));
    assert.equal(own.length, 1, JSON.stringify(sheets));
    assert.ok(own[0].rules > 50, `effekt.css has its rules: ${own[0].rules}`);
    const brand = await page.evaluate(() =>
      getComputedStyle(document.documentElement).getPropertyValue('--brand').trim(),
    );
    assert.equal(brand, '#1d4f73', 'the custom properties of main.css are in force');

    watcher.assertClean();
  } finally {
    await context.close();
  }
});

test('the folder holds the binary and the database it made, nothing more', () => {
  assert.deepEqual(readdirSync(running.server.dir).sort(), ['data', 'effekt']);
  const data = readdirSync(join(running.server.dir, 'data'));
  assert.ok(data.includes('effekt.db'), JSON.stringify(data));
  // SQLite's write-ahead log and shared memory files beside it, and nothing else.
  assert.deepEqual(data.filter((name) => !/^effekt\.db(-wal|-shm)?$/.test(name)), [], JSON.stringify(data));
});
