// What a first visit to the dashboard transfers: every response's bytes on the wire
// (compressed as sent), by kind, for scripts/bench. Not a test: it prints lines "what|bytes".
//   node tests/browser/transfer.mjs http://127.0.0.1:3000 'effekt_session=…'

import { launchBrowser } from './harness.mjs';

const [base, cookie] = process.argv.slice(2);
const browser = await launchBrowser();
const context = await browser.newContext();
const [name, value] = cookie.split('=');
await context.addCookies([{ name, value, url: base }]);
const page = await context.newPage();
const cdp = await context.newCDPSession(page);
await cdp.send('Network.enable');
await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
const kinds = new Map();
const bytes = new Map();
cdp.on('Network.responseReceived', ({ requestId, type, response }) => {
  kinds.set(requestId, `${type} ${response.headers['content-encoding'] ?? 'identity'}`);
});
cdp.on('Network.loadingFinished', ({ requestId, encodedDataLength }) => {
  const kind = kinds.get(requestId) ?? 'other';
  bytes.set(kind, (bytes.get(kind) ?? 0) + encodedDataLength);
});
await page.goto(base + '/', { waitUntil: 'networkidle' });
await browser.close();
let total = 0;
for (const [kind, size] of bytes) {
  total += size;
  console.log(`first visit: ${kind}|${(size / 1024).toFixed(1)} KB`);
}
console.log(`first visit to the dashboard, all transferred|${(total / 1024).toFixed(1)} KB`);
