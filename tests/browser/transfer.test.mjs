// The first visit to the dashboard, with JavaScript, fetches the page, its stylesheet, its
// script and the WebAssembly bundle, each compressed as served, and says how much each
// transferred. How much that may be (under 400 KB) is a performance goal: `scripts/bench`
// measures it against the goal and BENCHMARKS.md holds the verdict; a size that grows with
// every page is not a reason for this suite to fail.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  firstVisitTransfer,
  serverAndBrowser,
  signedInContext,
  users,
} from './harness.mjs';

const running = serverAndBrowser();

test('the first visit to the dashboard fetches the bundle compressed, and says its size', async (t) => {
  const context = await signedInContext(running.browser, 'js', running.server.baseURL, users.admin);
  const transferred = await firstVisitTransfer(context, `${running.server.baseURL}/`);
  await context.close();
  const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;
  for (const { url, kind, bytes } of transferred) {
    t.diagnostic(`${kind} ${kb(bytes)} ${new URL(url).pathname}`);
  }
  // The page, its stylesheet, its script and the bundle, each compressed as the server sends
  // it: a visit that never fetched the bundle would pass for the wrong reason.
  const fetched = (suffix) => transferred.filter(({ url }) => new URL(url).pathname.endsWith(suffix));
  for (const suffix of ['.wasm', '.js', '.css']) {
    assert.ok(fetched(suffix).length > 0, `the visit fetched a ${suffix} file`);
  }
  for (const { kind, url } of fetched('.wasm')) {
    assert.match(kind, / br$/, `${url} is sent compressed with brotli`);
  }
  const total = transferred.reduce((sum, { bytes }) => sum + bytes, 0);
  t.diagnostic(`all transferred: ${kb(total)} (goal in BENCHMARKS.md: under 400 KB)`);
});
