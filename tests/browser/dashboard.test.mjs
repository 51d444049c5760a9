// The dashboard's filters, with JavaScript on and off, as the leadership viewer: narrow the
// dashboard to municipalities over fewer quarters and see the tiles change, follow a tile's
// "Mer om måttet" to its measure page with the filter kept, and there compare two
// municipalities: their names join the trend chart's legend and the table gets a column for
// each. Every page on the way is audited, and with JavaScript the page logs no errors,
// warnings or CSP violations. And the filtered dashboard's CSV links download its figures: the
// municipalities' summary over the chosen quarters, with the median the tile shows.

import { readFile } from 'node:fs/promises';
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  audit,
  modes,
  navigate,
  quarters,
  servedChart,
  serverAndBrowser,
  signedInContext,
  swedishNumber,
  users,
  visit,
  watchConsole,
} from './harness.mjs';

const NEWEST = quarters.newest();
/** The dashboard's default range: the eight demo quarters. */
const DEFAULT = { from: quarters.shift(NEWEST, -7), to: NEWEST };
/** The narrower range chosen: four quarters, ending a quarter before the newest. */
const NARROW = { from: quarters.shift(NEWEST, -4), to: quarters.shift(NEWEST, -1) };
const KIND = { value: 'municipality', label: 'Kommun' };
// The demo data: 12 organisations, 4 of them municipalities, each reporting every quarter.
const ALL = 12;
const MUNICIPALITIES = [
  { number: '212000-1355', name: 'Göteborgs Stad' },
  { number: '212000-1124', name: 'Malmö stad' },
  { number: '212000-0142', name: 'Stockholms stad' },
  { number: '212000-2627', name: 'Umeå kommun' },
];
/** The two compared on the measure page. */
const CHOSEN = [MUNICIPALITIES[2], MUNICIPALITIES[1]];
const MEASURE = {
  key: 'customer_satisfaction',
  h1: '5. Kundnöjdhet',
  tile: 'Kundnöjdhet',
  series: 'Nöjd-kund-index',
  unit: 'index',
};
const filterQuery = (kind, { from, to }) => `kind=${kind}&from=${from}&to=${to}`;
const MEASURE_PATH = `/matt/${MEASURE.key}?${filterQuery(KIND.value, NARROW)}`;

/**
 * The rows of a downloaded summary, in either format (plain CSV, or Excel's: a byte-order mark,
 * semicolons, decimal commas), lines ending in CRLF, as objects by column, numbers as numbers.
 */
function readSummary(text) {
  const excel = text.startsWith('\ufeff');
  const separator = excel ? ';' : ',';
  const [header, ...lines] = text.replace(/^\ufeff/, '').split('\r\n').filter((line) => line);
  const columns = header.split(separator);
  return lines.map((line) =>
    Object.fromEntries(
      line.split(separator).map((cell, i) => {
        const number = Number(excel ? cell.replace(',', '.') : cell);
        return [columns[i], ['series', 'period'].includes(columns[i]) ? cell : number];
      }),
    ));
}

/** Every tile as the reader sees it: its heading, link and figures. */
const readTiles = (page) =>
  page.locator('li.measure-card').evaluateAll((cards) =>
    cards.map((card) => ({
      heading: card.querySelector('h2').textContent,
      // The card's own link ("Mer om måttet"), not the reporting-rate links in its figures.
      link: card.querySelector(':scope > a[href]')?.getAttribute('href'),
      figures: [...card.querySelectorAll('dl > dt')].map((dt) => {
        const dd = dt.nextElementSibling;
        const sparkline = dd.querySelector('svg.sparkline');
        return {
          name: dt.textContent,
          figure: dd.querySelector('span.figure')?.textContent ?? null,
          change: dd.querySelector('span.change')?.textContent ?? null,
          context: dd.querySelector('span.figure-context')?.textContent ?? null,
          sparklineHidden: sparkline ? sparkline.getAttribute('aria-hidden') : null,
        };
      }),
    })));

/** Checks every tile shows its figures for `quarter` with `reported` of `total` reporting. */
function assertTiles(tiles, { quarter, reported, total, query }) {
  assert.equal(tiles.length, 14, 'one tile per measure');
  const context = `${quarters.label(quarter)}: ${reported} / ${total} organisationer rapporterade`;
  for (const tile of tiles) {
    assert.match(tile.link ?? '', new RegExp(`^/matt/[a-z_]+\\?${query}$`), `"Mer om måttet" of ${tile.heading} keeps the filters`);
    assert.ok(tile.figures.length > 0, `${tile.heading} has figures`);
    for (const f of tile.figures) {
      assert.equal(f.context, context, `${f.name}: who reported`);
      assert.ok(f.figure, `${f.name} shows its median`);
      assert.match(f.figure, /^\u2212?\d{1,3}(\u00a0\d{3})*(,\d)? \S.*$/, `${f.name}: a number and a unit`);
      assert.match(f.change ?? '', /^[▲▼■] (upp|ned|oförändrad)\b.* mot samma kvartal året före$/, `${f.name}: the change line`);
      assert.equal(f.sparklineHidden, 'true', `${f.name}: a decorative sparkline, hidden from assistive technology`);
    }
  }
}

/** The selected value of each filter. */
const filterValues = async (page) => ({
  kind: await page.locator('select#filter-kind').inputValue(),
  from: await page.locator('select#filter-from').inputValue(),
  to: await page.locator('select#filter-to').inputValue(),
});

/** The first series' panel of a measure page: trend chart, summary, table and ranking. */
async function readPanel(page) {
  const panel = page.locator('section.series-panel').first();
  const [trendFigure, rankingFigure] = [panel.locator('figure').nth(0), panel.locator('figure').nth(1)];
  const trendSvg = await servedChart(page, trendFigure);
  const [trendTable, rankingTable] = [panel.locator('table').nth(0), panel.locator('table').nth(1)];
  const rows = (table) =>
    table.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent)));
  return {
    heading: await panel.locator('h2').textContent(),
    chartTitle: await trendSvg.locator('title').textContent(),
    chartHasDesc: (await trendSvg.locator('desc').count()) === 1,
    chartTexts: (await trendSvg.locator('text').allTextContents()).map((t) => t.trim()),
    summary: await trendFigure.locator('figcaption').textContent(),
    columns: await trendTable.locator('thead th').allTextContents(),
    rows: await rows(trendTable),
    ranking: await rows(rankingTable),
    rankingHasChart: (await servedChart(page, rankingFigure).then((svg) => svg.locator('rect').count())) > 1,
  };
}

const BASE_COLUMNS = ['Kvartal', 'Median', '25:e percentilen', '75:e percentilen', 'Antal'];

/** The median of some numbers. */
function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

describe('dashboard filters', () => {
  const running = serverAndBrowser();

  for (const mode of modes) {
    describe(mode, () => {
      test('narrow to municipalities, follow a tile, compare two municipalities', async (t) => {
        const context = await signedInContext(running.browser, mode, running.server.baseURL, users.viewer);
        try {
          const page = await context.newPage();
          const logged = mode === 'js' ? await watchConsole(page) : null;
          /** The filtered dashboard's figure for the measure followed. */
          let tileMedian;

          // Each step is a subtest, and the later ones start from a fresh load of their page
          // if the step before did not get there, so one failure does not hide the rest.
          await t.test('the filter changes the tiles and stays in the address', async () => {
            await visit(page, '/');
            assert.deepEqual(await filterValues(page), { kind: '', ...DEFAULT }, 'the default filters');
            const before = await readTiles(page);
            assertTiles(before, { quarter: NEWEST, reported: ALL, total: ALL, query: filterQuery('', DEFAULT) });
            await audit(page);

            await page.locator('select#filter-kind').selectOption({ label: KIND.label });
            await page.locator('select#filter-from').selectOption(NARROW.from);
            await page.locator('select#filter-to').selectOption(NARROW.to);
            await navigate(
              page,
              () => page.locator('form.filters').getByRole('button', { name: 'Visa' }).click(),
              (url) => url.pathname === '/' && url.searchParams.get('kind') === KIND.value,
              page.locator('li.measure-card'),
            );
            const url = new URL(page.url());
            assert.deepEqual(
              Object.fromEntries(url.searchParams),
              // The form sends its choice of normalising too: none, as reported.
              { kind: KIND.value, from: NARROW.from, to: NARROW.to, normalise: '' },
              'the filters are in the address',
            );
            assert.deepEqual(await filterValues(page), { kind: KIND.value, ...NARROW }, 'the form shows the filters chosen');
            const after = await readTiles(page);
            assertTiles(after, {
              quarter: NARROW.to,
              reported: MUNICIPALITIES.length,
              total: MUNICIPALITIES.length,
              query: filterQuery(KIND.value, NARROW),
            });
            const names = (tiles) => tiles.flatMap((tile) => tile.figures.map((f) => f.name));
            assert.deepEqual(names(after), names(before), 'the same figures');
            const changed = after
              .flatMap((tile) => tile.figures)
              .filter((f, i) => f.figure !== before.flatMap((tile) => tile.figures)[i].figure);
            assert.ok(changed.length > 0, 'at least one median differs for municipalities over the narrower range');
            const tile = after.find((x) => x.heading.endsWith(`. ${MEASURE.tile}`));
            tileMedian = tile.figures[0].figure;
            assert.equal(tile.link, MEASURE_PATH);
            await audit(page);
          });

          await t.test('"Mer om måttet" opens the measure page with the filter kept', async () => {
            if (new URL(page.url()).search !== `?${filterQuery(KIND.value, NARROW)}`) {
              await visit(page, `/?${filterQuery(KIND.value, NARROW)}`);
            }
            const card = page.locator('li.measure-card').filter({ has: page.locator('h2', { hasText: MEASURE.tile }) });
            // Its name ends with the measure's (visually hidden), so each tile's link says where it goes.
            const link = card.getByRole('link', { name: new RegExp(`^Mer om måttet\\s*:\\s*${MEASURE.tile}$`) });
            await navigate(
              page,
              () => link.click(),
              (url) => url.pathname === `/matt/${MEASURE.key}`,
              page.locator('main h1, main [role=alert]'),
            );
            const alerts = await page.locator('main [role=alert]').allTextContents();
            assert.deepEqual(alerts, [], `following the tile's link to ${page.url()} shows an error`);
            assert.deepEqual(await page.locator('h1').allTextContents(), [MEASURE.h1]);
            assert.equal(`${new URL(page.url()).pathname}${new URL(page.url()).search}`, MEASURE_PATH);
            assert.deepEqual(await filterValues(page), { kind: KIND.value, ...NARROW }, 'the filter is kept');
            assert.equal(
              await page.locator('select#filter-kind option:checked').textContent(),
              KIND.label,
              'the kind shows as Kommun',
            );
            await audit(page);
          });

          await t.test('ticking two organisations adds them to the chart and the table', async () => {
            if ((await page.locator('h1').allTextContents()).join() !== MEASURE.h1) await visit(page, MEASURE_PATH);
            const compare = page.locator('form.compare');
            const boxes = await compare
              .locator('input[type=checkbox][name=org]')
              .evaluateAll((inputs) => inputs.map((i) => ({ id: i.id, value: i.value, checked: i.checked })));
            assert.deepEqual(
              boxes,
              MUNICIPALITIES.map((m) => ({ id: `org-${m.number}`, value: m.number, checked: false })),
              'one unticked box per municipality, and only municipalities',
            );
            const before = await readPanel(page);
            assert.equal(before.heading, MEASURE.series);
            assert.equal(before.chartTitle, `${MEASURE.series} (${MEASURE.unit})`);
            assert.ok(before.chartHasDesc, 'the trend chart has a description');
            assert.deepEqual(before.columns, BASE_COLUMNS);
            for (const m of CHOSEN) assert.ok(!before.chartTexts.includes(m.name), `${m.name} is not in the chart yet`);
            const tableMedian = before.rows.find((row) => row[0] === quarters.label(NARROW.to))?.[1];
            if (tileMedian !== undefined) {
              assert.equal(`${tableMedian} ${MEASURE.unit}`, tileMedian, `the tile and the measure page agree on the median for ${NARROW.to}`);
            }

            for (const m of CHOSEN) await compare.locator(`#org-${m.number}`).check();
            await navigate(
              page,
              () => compare.getByRole('button', { name: 'Visa' }).click(),
              (url) => url.searchParams.getAll('org').length === CHOSEN.length,
              page.locator('main h1, main [role=alert]'),
            );
            assert.deepEqual(await page.locator('main [role=alert]').allTextContents(), [], `${page.url()} shows an error`);
            const url = new URL(page.url());
            assert.equal(url.pathname, `/matt/${MEASURE.key}`);
            assert.deepEqual(url.searchParams.getAll('org').sort(), CHOSEN.map((m) => m.number).sort());
            for (const [key, value] of Object.entries({ kind: KIND.value, ...NARROW })) {
              assert.equal(url.searchParams.get(key), value, `${key} is kept in the address`);
            }
            assert.deepEqual(await filterValues(page), { kind: KIND.value, ...NARROW }, 'the filter is kept');
            const checked = await compare.locator('input[name=org]:checked').evaluateAll((inputs) => inputs.map((i) => i.value));
            assert.deepEqual(checked.sort(), CHOSEN.map((m) => m.number).sort(), 'the chosen boxes stay ticked');

            const after = await readPanel(page);
            assert.equal(after.chartTitle, before.chartTitle);
            for (const m of CHOSEN) assert.ok(after.chartTexts.includes(m.name), `the chart's legend names ${m.name}: ${after.chartTexts.join(' | ')}`);
            assert.deepEqual(after.columns.slice(0, BASE_COLUMNS.length), BASE_COLUMNS);
            assert.deepEqual(after.columns.slice(BASE_COLUMNS.length).sort(), CHOSEN.map((m) => m.name).sort(), 'a column per chosen organisation');
            const quarterLabels = [];
            for (let q = NARROW.from; q <= NARROW.to; q = quarters.shift(q, 1)) quarterLabels.push(quarters.label(q));
            assert.deepEqual(after.rows.map((row) => row[0]), quarterLabels, 'a row per quarter in the range');
            assert.deepEqual(after.rows.map((row) => row.slice(0, 5)), before.rows.map((row) => row.slice(0, 5)), 'the national figures are the same');
            assert.match(
              after.summary,
              new RegExp(`^Medianen för ${MEASURE.series.toLowerCase()} (ökade|minskade|låg kvar) från [\\d,]+ till [\\d,]+ mellan ${quarters.label(NARROW.from)} och ${quarters.label(NARROW.to)}\\.$`),
            );

            // The ranking is for the newest quarter of the range: all four municipalities, and
            // the chosen ones' figures there are the ones in their columns.
            assert.ok(after.rankingHasChart, 'the ranking has its bar chart');
            const ranked = Object.fromEntries(after.ranking.map(([, name, value]) => [name, value]));
            assert.deepEqual(Object.keys(ranked).sort(), MUNICIPALITIES.map((m) => m.name).sort(), 'the ranking has the municipalities');
            const last = after.rows.at(-1);
            after.columns.slice(BASE_COLUMNS.length).forEach((name, i) => {
              assert.equal(last[BASE_COLUMNS.length + i], ranked[name], `${name} in ${last[0]}: the table and the ranking agree`);
            });
            const computed = median(Object.values(ranked).map(swedishNumber));
            assert.ok(
              Math.abs(computed - swedishNumber(last[1])) <= 0.1,
              `the median in ${last[0]} (${last[1]}) is the median of the four figures ranked (${computed})`,
            );
            await audit(page);
          });

          if (logged) {
            await t.test('the pages logged no errors, warnings or CSP violations', () => {
              logged.assertClean({ warnings: true });
            });
          }
        } finally {
          await context.close();
        }
      });

      test('the CSV links download what the filtered dashboard shows', async () => {
        const context = await signedInContext(running.browser, mode, running.server.baseURL, users.viewer);
        try {
          const page = await context.newPage();
          const logged = mode === 'js' ? await watchConsole(page) : null;
          const path = `/?${filterQuery(KIND.value, NARROW)}`;
          await visit(page, path);
          const tile = (await readTiles(page)).find((x) => x.heading.endsWith(`. ${MEASURE.tile}`));
          // "72,4 index": the median of the range's last quarter, to one decimal.
          const shown = swedishNumber(tile.figures[0].figure.split(' ')[0]);
          assert.ok(!Number.isNaN(shown), `the tile's figure: ${tile.figures[0].figure}`);
          for (const name of ['Ladda ned för Excel', 'Ladda ned som CSV']) {
            const link = page.locator('p.csv-links').getByRole('link', { name });
            const href = await link.getAttribute('href');
            assert.match(href, new RegExp(`^/api/v1/export/summary\\.csv\\?${filterQuery(KIND.value, NARROW)}&format=`), `${name}: the page's filters`);
            // A link the router took for one of its pages would show "Sidan finns inte" instead.
            const download = page.waitForEvent('download', { timeout: 5_000 }).catch(() => null);
            await link.click();
            const file = await download;
            assert.ok(file, `"${name}" (${href}) downloads no file; the page shows ${page.url()}: ${await page.locator('h1').allTextContents()}`);
            assert.match(file.suggestedFilename(), /\.csv$/, name);
            const rows = readSummary(await readFile(await file.path(), 'utf8'));
            const range = [0, 1, 2, 3].map((by) => quarters.shift(NARROW.from, by));
            assert.deepEqual([...new Set(rows.map((row) => row.period))].sort(), range, `${name}: the chosen quarters`);
            // Every municipality reports every series each quarter; the other eight are left out.
            const counts = [...new Set(rows.map((row) => row.n))];
            assert.deepEqual(counts, [MUNICIPALITIES.length], `${name}: the municipalities only`);
            const median = rows.find((row) => row.series === MEASURE.key && row.period === NARROW.to)?.median;
            assert.ok(Math.abs(median - shown) <= 0.05, `${name}: the file's median ${median}, the tile's ${shown}`);
            assert.equal(`${new URL(page.url()).pathname}${new URL(page.url()).search}`, path, `${name}: the dashboard stays`);
          }
          logged?.assertClean({ warnings: true });
        } finally {
          await context.close();
        }
      });
    });
  }
});
