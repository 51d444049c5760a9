// What made the pages hard to read (#22), with JavaScript on and off, signed in as the admin
// so that every page is reachable:
// - at 320 CSS px every page reflows without scrolling sideways (WCAG 1.4.10), wide tables
//   scroll in their own labelled region, and the header folds into a menu that opens without
//   JavaScript;
// - charts' text renders at 12 px or more, wide and narrow; their legends lie clear of the
//   data; the organisations chosen for comparison stand out in the ranking by more than colour;
// - times are Swedish local time to the minute, in a <time datetime>.
// Every page is audited with axe.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  audit,
  inlineServedCharts,
  modes,
  newContext,
  quarters,
  servedChart,
  serverAndBrowser,
  signedInContext,
  users,
  visit,
} from './harness.mjs';

const SKATTEVERKET = '202100-5448';
const COMPARED = [
  { number: '212000-0142', name: 'Stockholms stad' },
  { number: '212000-1124', name: 'Malmö stad' },
];
const MEASURE = `/matt/customer_satisfaction?kind=municipality&${COMPARED.map((o) => `org=${o.number}`).join('&')}`;
const NARROWEST = { width: 320, height: 720 };
const WIDE = { width: 1280, height: 900 };

/** Every route of the router (app/src/lib.rs), as the admin sees it. */
const PAGES = [
  '/',
  '/rapport',
  `/rapport?organisation=${SKATTEVERKET}&period=${quarters.newest()}`,
  '/organisationer',
  `/organisationer/${SKATTEVERKET}`,
  `/organisationer/${SKATTEVERKET}/historik`,
  '/tillganglighet',
  MEASURE,
  '/import',
  '/export',
  '/lardomar',
  '/rapportering',
  `/rapport/kvartal/${quarters.newest().replace('Q', 'K')}`,
  '/admin',
  '/admin/organisationer',
  '/admin/anvandare',
  '/admin/logg',
  '/api-nycklar',
];

/** How far the page reaches sideways, and the viewport's width. */
const widths = (page) =>
  page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, viewport: window.innerWidth }));

async function assertReflows(page, path) {
  const { scroll, viewport } = await widths(page);
  assert.equal(viewport, NARROWEST.width);
  assert.ok(scroll <= NARROWEST.width, `${path} is ${scroll} px wide at ${NARROWEST.width} px`);
  // A table wider than the page scrolls in a region of its own, named, that the keyboard reaches.
  const tables = await page.locator('main table').evaluateAll((all) =>
    all.map((table) => {
      const region = table.closest('[role=region]');
      const labelledBy = region?.getAttribute('aria-labelledby');
      return {
        wide: table.offsetWidth > document.querySelector('main').clientWidth,
        region: region !== null,
        tabindex: region?.getAttribute('tabindex') ?? null,
        named: Boolean(
          (labelledBy && document.getElementById(labelledBy)?.textContent.trim()) || region?.getAttribute('aria-label'),
        ),
      };
    }),
  );
  for (const [i, table] of tables.entries()) {
    if (!table.wide) continue;
    assert.deepEqual(
      { region: table.region, tabindex: table.tabindex, named: table.named },
      { region: true, tabindex: '0', named: true },
      `${path}: table ${i + 1} is wider than the page and scrolls in a named region`,
    );
  }
}

/** The smallest size, in CSS px, any text of the page's shown charts renders at. */
async function smallestChartText(page) {
  await inlineServedCharts(page);
  // Synchronous: without JavaScript the page still evaluates, but nothing asynchronous settles.
  const sizes = await page.locator('main div.chart').evaluateAll((charts) => {
    const shown = (el) => el.getBoundingClientRect().width > 0 && getComputedStyle(el).display !== 'none';
    const found = [];
    for (const chart of charts) {
      for (const svg of chart.querySelectorAll(':scope > svg')) {
        if (!shown(svg)) continue;
        for (const text of svg.querySelectorAll('text')) {
          const size = parseFloat(text.getAttribute('font-size') ?? getComputedStyle(text).fontSize);
          // The scale, whether the text is rotated (the axis' name is) or not.
          const m = text.getScreenCTM();
          found.push(size * Math.hypot(m.a, m.b));
        }
      }
      // A drawing shown as an image: its text at the scale the image is drawn at. A served
      // image's drawing is beside it already.
      for (const img of chart.querySelectorAll(':scope > img:not([data-inlined])')) {
        if (!shown(img)) continue;
        const prefix = 'data:image/svg+xml,';
        if (!img.src.startsWith(prefix)) throw new Error(`not an SVG image: ${img.src.slice(0, 40)}`);
        const svg = decodeURIComponent(img.src.slice(prefix.length));
        const doc = new DOMParser().parseFromString(svg, 'image/svg+xml');
        const width = Number(doc.documentElement.getAttribute('viewBox').split(' ')[2]);
        const scale = img.getBoundingClientRect().width / width;
        for (const text of doc.querySelectorAll('text')) found.push(parseFloat(text.getAttribute('font-size')) * scale);
      }
    }
    return found;
  });
  assert.ok(sizes.length > 0, 'the page shows charts');
  return Math.min(...sizes);
}

describe('readability (#22)', () => {
  const running = serverAndBrowser();

  for (const mode of modes) {
    describe(mode, () => {
      test('every page reflows at 320 px, with a compact menu that opens without JavaScript', async (t) => {
        const context = await signedInContext(running.browser, mode, running.server.baseURL, users.admin);
        try {
          const page = await context.newPage();
          await page.setViewportSize(NARROWEST);
          for (const path of PAGES) {
            await t.test(path, async () => {
              await visit(page, path);
              await assertReflows(page, path);
              await audit(page);
            });
          }
          await t.test('the login page, signed out', async () => {
            const signedOut = await newContext(running.browser, mode, running.server.baseURL);
            try {
              const login = await signedOut.newPage();
              await login.setViewportSize(NARROWEST);
              await visit(login, '/logga-in');
              await assertReflows(login, '/logga-in');
              await audit(login);
            } finally {
              await signedOut.close();
            }
          });

          await t.test('the header is one short row until its menu is opened', async () => {
            await visit(page, '/');
            const header = page.locator('header.site-header');
            const height = (await header.boundingBox()).height;
            assert.ok(height <= 80, `the header is ${height} px high`);
            const link = page.locator('header nav').getByRole('link', { name: 'Organisationer' });
            assert.equal(await link.isVisible(), false, 'the menu is folded');
            await page.locator('header summary', { hasText: 'Meny' }).click();
            assert.equal(await link.isVisible(), true, 'the menu opens');
            const logout = page.locator('header form.signed-in').getByRole('button', { name: 'Logga ut' });
            const box = await logout.boundingBox();
            assert.ok(box.x >= 0 && box.x + box.width <= NARROWEST.width, `"Logga ut" is within the screen: ${JSON.stringify(box)}`);
            await audit(page);
            await Promise.all([page.waitForURL((u) => u.pathname === '/organisationer'), link.click()]);
            await page.locator('h1', { hasText: 'Organisationer' }).waitFor();
          });

          await t.test('on a wide screen the menu is spread out in the header, without a summary', async () => {
            await page.setViewportSize(WIDE);
            await visit(page, '/');
            assert.equal(await page.locator('header summary').isVisible(), false);
            assert.equal(await page.locator('header nav').getByRole('link', { name: 'Organisationer' }).isVisible(), true);
          });
        } finally {
          await context.close();
        }
      });

      test('charts keep their text at 12 px or more, legends clear of the data, the chosen standing out', async (t) => {
        const context = await signedInContext(running.browser, mode, running.server.baseURL, users.admin);
        try {
          const page = await context.newPage();
          for (const viewport of [WIDE, NARROWEST]) {
            await t.test(`${viewport.width} px`, async () => {
              await page.setViewportSize(viewport);
              for (const path of [MEASURE, `/organisationer/${SKATTEVERKET}`]) {
                await visit(page, path);
                const smallest = await smallestChartText(page);
                assert.ok(smallest >= 12, `${path} at ${viewport.width} px: chart text at ${smallest.toFixed(1)} px`);
                assert.ok((await widths(page)).scroll <= viewport.width, `${path} fits at ${viewport.width} px`);
              }
              await audit(page);
            });
          }

          await t.test('the legend covers neither the band nor any marker', async () => {
            await page.setViewportSize(WIDE);
            await visit(page, MEASURE);
            const trend = await servedChart(page, page.locator('section.series-panel').first().locator('figure').nth(0));
            const overlaps = await trend.evaluate((svg, names) => {
              const box = (el) => el.getBoundingClientRect();
              const meet = (a, b) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
              const data = [...svg.querySelectorAll('polygon, circle')].map(box);
              const legend = [...svg.querySelectorAll('text')].filter((t) => names.includes(t.textContent.trim()));
              return {
                legend: legend.length,
                overlapping: legend.filter((t) => data.some((d) => meet(box(t), d))).map((t) => t.textContent.trim()),
              };
            }, ['Median', ...COMPARED.map((o) => o.name)]);
            assert.equal(overlaps.legend, 1 + COMPARED.length, 'the legend names the median and each chosen organisation');
            assert.deepEqual(overlaps.overlapping, [], 'legend entries drawn over the data');
          });

          await t.test('the ranking marks the chosen organisations by a star and bold, not colour alone', async () => {
            const ranking = await servedChart(page, page.locator('section.series-panel').first().locator('figure').nth(1));
            const names = await ranking.locator('text').evaluateAll((texts) =>
              texts.map((t) => ({ text: t.textContent.trim(), bold: t.getAttribute('font-weight') === 'bold' })));
            for (const o of COMPARED) {
              assert.ok(
                names.some((n) => n.text === `★ ${o.name}` && n.bold),
                `${o.name} is starred and bold: ${JSON.stringify(names)}`,
              );
            }
            const others = names.filter((n) => n.bold && !COMPARED.some((o) => n.text === `★ ${o.name}`));
            assert.deepEqual(others.filter((n) => n.text.startsWith('★ ') && n.text !== '★ Vald för jämförelse'), [], 'only the chosen are starred');
          });
        } finally {
          await context.close();
        }
      });

      test('times are Swedish local time to the minute, in a <time datetime>', async () => {
        const context = await signedInContext(running.browser, mode, running.server.baseURL, users.admin);
        try {
          const page = await context.newPage();
          const months = ['jan.', 'feb.', 'mars', 'apr.', 'maj', 'juni', 'juli', 'aug.', 'sep.', 'okt.', 'nov.', 'dec.'];
          for (const path of [`/organisationer/${SKATTEVERKET}`, `/organisationer/${SKATTEVERKET}/historik`, '/admin/logg']) {
            await visit(page, path);
            const times = await page.locator('main table time').evaluateAll((all) =>
              all.map((t) => ({ datetime: t.getAttribute('datetime'), text: t.textContent })));
            // The demo has reports (with times) from the start; changes only once made.
            if (path === `/organisationer/${SKATTEVERKET}`) assert.ok(times.length > 0, `${path} shows times`);
            for (const { datetime, text } of times) {
              const [, y, mo, d, h, mi, offset] = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):00\+0([12]):00$/.exec(datetime) ?? [];
              assert.ok(y, `${path}: ${datetime} is RFC 3339 in Swedish local time`);
              assert.equal(text, `${Number(d)} ${months[Number(mo) - 1]} ${y} ${h}:${mi}`, path);
              // Summer time (UTC+2) from the last Sunday of March to the last Sunday of October.
              const summer = Number(mo) > 3 && Number(mo) < 10;
              if (Number(mo) !== 3 && Number(mo) !== 10) assert.equal(offset, summer ? '2' : '1', datetime);
            }
            // (The audit log's filter says its days are UTC days: that is no time shown.)
            const tables = (await page.locator('main table').allTextContents()).join(' ');
            assert.ok(!tables.includes(' UTC'), `${path} shows no UTC times`);
          }
          await audit(page);
        } finally {
          await context.close();
        }
      });
    });
  }
});
