// Every page renders its content, with JavaScript on and off, and passes axe.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { audit, launchBrowser, modes, newContext, startServer, visit } from './harness.mjs';

// Each page with the h1 it must show (Swedish, the default language) and something of
// its own content that is rendered from the database, so a page stuck on its loading
// placeholder does not pass.
const pages = [
  {
    path: '/',
    h1: 'Effektmått för offentlig digitalisering',
    content: async (page) => assert.equal(await page.locator('li.measure-card').count(), 14),
  },
  {
    path: '/rapport',
    h1: 'Rapportera kvartalsuppgifter',
    content: async (page) => {
      const skatteverket = page.locator('select#choose-organisation option[value="202100-5448"]');
      assert.equal(await skatteverket.textContent(), 'Skatteverket');
      assert.equal(await page.locator('select#choose-period option[value="2026Q2"]').count(), 1);
    },
  },
  {
    path: '/rapport?organisation=202100-5448&period=2026Q2',
    h1: 'Rapportera kvartalsuppgifter',
    content: async (page) => {
      assert.equal(await page.locator('h2#report-heading').textContent(), 'Skatteverket – 2026 K2');
      assert.equal(await page.locator('#field-customer_satisfaction').count(), 1);
      assert.equal(await page.locator('#field-lessons').count(), 1);
    },
  },
  {
    path: '/organisationer',
    h1: 'Organisationer',
    content: async (page) => {
      const link = page.locator('main a[href="/organisationer/202100-5448"]');
      assert.equal(await link.textContent(), 'Skatteverket');
    },
  },
  {
    path: '/organisationer/202100-5448',
    h1: 'Skatteverket',
    content: async (page) => {
      const quarters = await page.locator('table.figures thead th').allTextContents();
      assert.ok(quarters.includes('2026 K2'), `figures table has no 2026 K2 column: ${quarters}`);
    },
  },
  {
    path: '/tillganglighet',
    h1: 'Tillgänglighetsredogörelse',
    content: async () => {},
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
      for (const { path, h1, content } of pages) {
        test(`${path} renders and passes axe`, async () => {
          const context = await newContext(browser, mode, server.baseURL);
          try {
            const page = await context.newPage();
            await visit(page, path);
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
