// Every page renders its content, with JavaScript on and off, and passes axe: the pages
// anyone may see (the login page, also with its error, and the accessibility statement)
// signed out, and the rest signed in through the login page: the dashboard (default and
// filtered), measure pages (with two organisations compared, and a derived share), the
// organisation page (as a reader, and as its analyst with the goal form), its change history,
// the admin pages as the admin, and the admin pages' refusal (403) for everyone else.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  audit,
  modes,
  newContext,
  quarters,
  servedChart,
  serverAndBrowser,
  signedInAs,
  signedInContext,
  submitLogin,
  swedishNumber,
  users,
  visit,
} from './harness.mjs';

const SKATTEVERKET = '202100-5448';
// The newest demo quarter but one, a draft of Skatteverket's (server/src/demo.rs).
const DRAFT = quarters.shift(quarters.newest(), -1);
const REPORT = `/rapport?organisation=${SKATTEVERKET}&period=${DRAFT}`;
/** The newest demo quarter, and the dashboard's default range: eight quarters up to it. */
const NEWEST = quarters.newest();
const OLDEST = quarters.shift(NEWEST, -7);
/** A filtered view: municipalities over four quarters ending a quarter before the newest. */
const FILTERED = { kind: 'municipality', from: quarters.shift(NEWEST, -4), to: quarters.shift(NEWEST, -1) };
const FILTER_QUERY = `kind=${FILTERED.kind}&from=${FILTERED.from}&to=${FILTERED.to}`;
/** Two municipalities compared on a measure page. */
const COMPARED = [
  { number: '212000-0142', name: 'Stockholms stad' },
  { number: '212000-1124', name: 'Malmö stad' },
];
const FORBIDDEN = 'Du har inte behörighet att göra detta.';

/** The figure inputs and the lessons text of the report form. */
const formFields = (page) => page.locator('form.figures-form').locator('input:not([type=hidden]), textarea');

/** The start page: its measures, and an "Administration" link only for admins. */
const startPage = (admin) => async (page) => {
  assert.equal(await page.locator('li.measure-card').count(), 14);
  const adminLink = page.locator('header nav a[href="/admin"]');
  assert.equal(await adminLink.count(), admin ? 1 : 0, `"Administration" in the menu ${admin ? '' : 'not '}for this user`);
  if (admin) assert.equal(await adminLink.textContent(), 'Administration');
};

/** The dashboard's tiles: every figure with its context line and a hidden sparkline. */
const dashboard = ({ quarter, reported, total, query }) => async (page) => {
  const figures = await page.locator('li.measure-card dl > dt').evaluateAll((dts) =>
    dts.map((dt) => {
      const dd = dt.nextElementSibling;
      return {
        name: dt.textContent,
        figure: dd.querySelector('span.figure')?.textContent,
        change: dd.querySelector('span.change')?.textContent,
        context: dd.querySelector('span.figure-context')?.textContent,
        sparkline: dd.querySelector('svg.sparkline')?.getAttribute('aria-hidden'),
      };
    }));
  assert.equal(figures.length, 15, 'the 14 measures show 15 figures');
  for (const f of figures) {
    assert.match(f.figure ?? '', /^\u2212?\d{1,3}(\u00a0\d{3})*(,\d)? \S.*$/, `${f.name}: a median and its unit`);
    assert.match(f.change ?? '', /mot samma kvartal året före$/, `${f.name}: the change line`);
    assert.equal(f.context, `${quarters.label(quarter)}: ${reported} / ${total} organisationer rapporterade`, f.name);
    assert.equal(f.sparkline, 'true', `${f.name}: the sparkline is decorative, hidden from assistive technology`);
  }
  const links = await page.locator('li.measure-card').getByRole('link', { name: /^Mer om måttet/ }).evaluateAll((as) =>
    as.map((a) => a.getAttribute('href')));
  assert.equal(links.length, 14, 'each tile links to its measure');
  for (const href of links) assert.match(href, new RegExp(`^/matt/[a-z_]+\\?${query}$`), 'the link keeps the filters');
};

/** The text of each cell of a table's rows, header cells included. */
const tableRows = (table) =>
  table.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent)));

/** One figure of the organisation page's table of figures: series row, quarter column. */
async function organisationFigure(page, rowLabel, quarterLabel) {
  const table = page.locator('table.figures');
  const column = (await table.locator('thead th').allTextContents()).indexOf(quarterLabel);
  assert.ok(column > 0, `no column ${quarterLabel} in the figures table`);
  const row = table.locator('tbody tr').filter({ has: page.locator('th', { hasText: rowLabel }) });
  assert.equal(await row.count(), 1, `one row ${rowLabel}`);
  return swedishNumber(await row.locator('th, td').nth(column).textContent());
}

/** The organisation page's "Jämfört med riket" and "10x-målet", and the goal form or not. */
const organisationPage = (mayWrite) => async (page) => {
  assert.equal(await page.title(), 'Skatteverket – Effekt');
  const quarterColumns = await page.locator('table.figures thead th').allTextContents();
  assert.ok(quarterColumns.includes(quarters.label(NEWEST)), `figures table has no ${NEWEST} column: ${quarterColumns}`);

  assert.equal(await page.locator('h2#comparison-heading').textContent(), 'Jämfört med riket');
  const comparison = page.locator('[role=region][aria-labelledby=comparison-heading] table');
  assert.deepEqual(await comparison.locator('thead th').allTextContents(), [
    'Serie', 'Kvartal', 'Organisationen', 'Median i riket', 'Percentil', 'Median, liknande', 'Percentil, liknande',
    'Trend per kvartal', 'Förändring',
  ]);
  const rows = await tableRows(comparison);
  assert.equal(rows.length, 15, 'a row per series shown on the dashboard');
  // Skatteverket's peers in the demo: the four agencies of 5,000 employees or more.
  for (const [series, quarter, own, median, percentile, peerMedian, peerPercentile, , change] of rows) {
    assert.match(series, /^.+ \(.+\)$/, 'the series and its unit');
    assert.equal(quarter, quarters.label(NEWEST), series);
    for (const n of [own, median, percentile, peerMedian, peerPercentile]) {
      assert.ok(!Number.isNaN(swedishNumber(n)), `${series}: ${n}`);
    }
    assert.ok(swedishNumber(percentile) >= 0 && swedishNumber(percentile) <= 100, `${series}: percentile ${percentile}`);
    assert.match(change, /mot samma kvartal året före$/, series);
  }

  assert.equal(await page.locator('h2#goal-heading').textContent(), '10x-målet');
  const facts = await page.locator('dl.goal-facts').evaluate((dl) =>
    Object.fromEntries([...dl.querySelectorAll('dt')].map((dt) => [dt.textContent, dt.nextElementSibling.textContent])));
  assert.deepEqual(Object.keys(facts), ['Vad målet mäter', 'Utgångsläge', 'Mål', 'Tidsgräns (kvartal)', 'Beräknat vid tidsgränsen']);
  // The demo's goals are ten times the baseline.
  const [baseline, target] = [swedishNumber(facts['Utgångsläge']), swedishNumber(facts['Mål'])];
  assert.ok(Math.abs(target - 10 * baseline) <= 0.5, `the target ${target} is ten times the baseline ${baseline}`);
  assert.match(await page.locator('p.verdict').textContent(), /^[✔✘] (I fas|Inte i fas): /);
  const chart = page.locator('main figure div.chart > svg[role=img]');
  assert.equal(await chart.count(), 1, 'the goal chart');
  assert.equal(await chart.getAttribute('aria-labelledby'), 'goal-title goal-desc');
  assert.equal(await chart.locator('title#goal-title').textContent(), facts['Vad målet mäter']);
  assert.equal(await chart.locator('desc#goal-desc').count(), 1);

  const form = page.locator('form').filter({ has: page.locator('#goal-name') });
  if (!mayWrite) {
    assert.equal(await form.count(), 0, 'no goal form for a reader');
    assert.equal(await page.getByRole('button', { name: 'Spara målet' }).count(), 0);
    return;
  }
  assert.equal(await form.count(), 1, 'the goal form');
  assert.equal(await form.locator('#goal-name').inputValue(), facts['Vad målet mäter'], 'the form holds the goal');
  for (const id of ['goal-baseline', 'goal-target', 'goal-deadline']) {
    assert.equal(await form.locator(`#${id}`).getAttribute('type'), 'text', id);
  }
  assert.equal(await form.locator('#goal-target').getAttribute('aria-describedby'), 'goal-target-hint');
  assert.equal(await form.locator('#goal-lower').getAttribute('type'), 'checkbox');
  assert.equal(await form.getByRole('button', { name: 'Spara målet' }).count(), 1);
};

/** A page the user may not see: the error instead of its content. */
const forbidden = (absent) => async (page) => {
  assert.deepEqual(await page.locator('main [role=alert] p').allTextContents(), [FORBIDDEN]);
  assert.equal(await page.locator(absent).count(), 0, `nothing of the page itself (${absent})`);
};

// Each page, the user it is seen as (null: signed out), the h1 it must show (Swedish, the
// default language) and something of its own content that is rendered from the database,
// so a page stuck on its loading placeholder does not pass.
const pages = [
  { path: '/', user: 'analyst', h1: 'Effektmått för offentlig digitalisering', content: startPage(false) },
  { path: '/', user: 'admin', h1: 'Effektmått för offentlig digitalisering', content: startPage(true) },
  {
    path: '/rapport',
    user: 'analyst',
    h1: 'Rapportera kvartalsuppgifter',
    content: async (page) => {
      const skatteverket = page.locator(`select#choose-organisation option[value="${SKATTEVERKET}"]`);
      assert.equal(await skatteverket.textContent(), 'Skatteverket');
      assert.equal(await page.locator(`select#choose-period option[value="${DRAFT}"]`).count(), 1);
    },
  },
  {
    path: REPORT,
    user: 'analyst',
    h1: 'Rapportera kvartalsuppgifter',
    content: async (page) => {
      assert.equal(await page.locator('h2#report-heading').textContent(), `Skatteverket – ${quarters.label(DRAFT)}`);
      assert.match(await page.locator('p.report-status').textContent(), /^Status: Utkast\b/);
      assert.equal(await page.locator('#field-customer_satisfaction').count(), 1);
      assert.equal(await page.locator('#field-lessons').count(), 1);
      const disabled = await formFields(page).evaluateAll((fields) => fields.filter((f) => f.disabled).map((f) => f.id));
      assert.deepEqual(disabled, [], 'the analyst may edit their own organisation\'s report');
      assert.equal(await page.getByRole('button', { name: 'Spara rapporten' }).count(), 1);
      assert.deepEqual(await page.locator('div.workflow button').allTextContents(), ['Skicka in rapporten']);
    },
  },
  {
    // Leadership reads the same report without being able to change it.
    path: REPORT,
    user: 'viewer',
    h1: 'Rapportera kvartalsuppgifter',
    content: async (page) => {
      assert.equal(await page.locator('h2#report-heading').textContent(), `Skatteverket – ${quarters.label(DRAFT)}`);
      const notices = await page.locator('section.report p.notice').allTextContents();
      assert.ok(notices.includes('Du kan läsa rapporten men inte ändra den.'), `read-only notice: ${notices}`);
      const fields = await formFields(page).evaluateAll((all) => all.map((f) => ({ id: f.id, disabled: f.disabled })));
      assert.ok(fields.length > 14, `the form has its fields: ${fields.length}`);
      assert.deepEqual(fields.filter((f) => !f.disabled), [], 'every field is disabled for a viewer');
      assert.equal(await page.getByRole('button', { name: 'Spara rapporten' }).count(), 0);
      assert.equal(await page.locator('div.workflow').count(), 0, 'no workflow steps for a viewer');
    },
  },
  {
    path: '/organisationer',
    user: 'analyst',
    h1: 'Organisationer',
    content: async (page) => {
      const link = page.locator(`main a[href="/organisationer/${SKATTEVERKET}"]`);
      assert.equal(await link.textContent(), 'Skatteverket');
    },
  },
  // The analyst of the organisation may set its goal; leadership only reads it.
  { path: `/organisationer/${SKATTEVERKET}`, user: 'analyst', h1: 'Skatteverket', content: organisationPage(true) },
  { path: `/organisationer/${SKATTEVERKET}`, user: 'viewer', h1: 'Skatteverket', content: organisationPage(false) },
  {
    path: `/organisationer/${SKATTEVERKET}/historik`,
    user: 'viewer',
    h1: 'Ändringshistorik – Skatteverket',
    content: async (page) => {
      const table = page.locator('main [role=region] table');
      assert.deepEqual(await table.locator('thead th').allTextContents(), ['När', 'Vem', 'Kvartal', 'Vad', 'Före', 'Efter']);
      const rows = await tableRows(table);
      // The demo holds hundreds of changes: the page shows the newest fifty and links on.
      assert.equal(rows.length, 50, `a page of the demo's changes is listed: ${rows.length}`);
      const next = page.locator('main nav.pager a[rel=next]');
      assert.equal(await next.getAttribute('href'), `/organisationer/${SKATTEVERKET}/historik?sida=2`);
      // Swedish local time to the minute, the moment in <time datetime> (#22).
      const times = await table.locator('tbody td:first-child time').evaluateAll((all) =>
        all.map((t) => ({ text: t.textContent, at: Date.parse(t.dateTime) })));
      assert.equal(times.length, rows.length, 'every change has its time');
      for (const { text } of times) assert.match(text, /^\d{1,2} [a-zå]+\.? \d{4} \d\d:\d\d$/);
      const moments = times.map((t) => t.at);
      assert.deepEqual(moments, [...moments].sort((a, b) => b - a), 'newest first');
      assert.ok(rows.some((row) => row[2] === quarters.label(NEWEST) && row[3] === 'Nöjd-kund-index'), 'a figure change names its quarter and series');
    },
  },
  {
    path: '/',
    user: 'viewer',
    h1: 'Effektmått för offentlig digitalisering',
    content: async (page) => {
      await startPage(false)(page);
      assert.equal(await page.locator('select#filter-kind').inputValue(), '');
      assert.equal(await page.locator('select#filter-from').inputValue(), OLDEST);
      assert.equal(await page.locator('select#filter-to').inputValue(), NEWEST);
      await dashboard({ quarter: NEWEST, reported: 12, total: 12, query: `kind=&from=${OLDEST}&to=${NEWEST}` })(page);
    },
  },
  {
    path: `/?${FILTER_QUERY}`,
    user: 'viewer',
    h1: 'Effektmått för offentlig digitalisering',
    content: async (page) => {
      assert.equal(await page.locator('select#filter-kind option:checked').textContent(), 'Kommun');
      assert.equal(await page.locator('select#filter-from').inputValue(), FILTERED.from);
      assert.equal(await page.locator('select#filter-to').inputValue(), FILTERED.to);
      await dashboard({ quarter: FILTERED.to, reported: 4, total: 4, query: FILTER_QUERY })(page);
    },
  },
  {
    path: `/matt/customer_satisfaction?${FILTER_QUERY}&${COMPARED.map((o) => `org=${o.number}`).join('&')}&quarter=${FILTERED.to}`,
    user: 'viewer',
    h1: '5. Kundnöjdhet',
    content: async (page) => {
      assert.equal(await page.title(), '5. Kundnöjdhet – Effekt');
      assert.equal(await page.locator('select#filter-kind option:checked').textContent(), 'Kommun');
      const checked = await page.locator('form.compare input[name=org]:checked').evaluateAll((inputs) => inputs.map((i) => i.id));
      assert.deepEqual(checked.sort(), COMPARED.map((o) => `org-${o.number}`).sort());
      assert.equal(await page.locator('select#compare-quarter').inputValue(), FILTERED.to);
      const panel = page.locator('section.series-panel');
      assert.equal(await panel.count(), 1, 'one series');
      assert.equal(await panel.locator('h2').textContent(), 'Nöjd-kund-index');
      // Each chart is an image of its own, wide and narrow, named by its title and description.
      const images = panel.locator('figure').nth(0).locator('div.chart > img');
      assert.deepEqual(await images.evaluateAll((imgs) => imgs.map((i) => i.className)), ['chart-wide', 'chart-narrow']);
      const alts = await images.evaluateAll((imgs) => imgs.map((i) => i.alt));
      assert.equal(alts[0], alts[1]);
      const trend = await servedChart(page, panel.locator('figure').nth(0));
      assert.equal(await trend.locator('title').textContent(), 'Nöjd-kund-index (index)');
      const summary = await panel.locator('figure').nth(0).locator('figcaption').textContent();
      assert.ok(alts[0].startsWith(`Nöjd-kund-index (index) ${summary}`), alts[0]);
      assert.match(
        summary,
        new RegExp(`^Medianen för nöjd-kund-index (ökade|minskade|låg kvar) från [\\d,]+ till [\\d,]+ mellan ${quarters.label(FILTERED.from)} och ${quarters.label(FILTERED.to)}\\.$`),
      );
      assert.ok((await trend.locator('desc').textContent()).startsWith(summary), 'the chart is described by the summary');
      const legend = (await trend.locator('text').allTextContents()).map((t) => t.trim());
      for (const o of COMPARED) assert.ok(legend.includes(o.name), `the chart's legend names ${o.name}`);
      const trendTable = panel.locator('table').nth(0);
      assert.deepEqual(await trendTable.locator('thead th').allTextContents(), [
        'Kvartal', 'Median', '25:e percentilen', '75:e percentilen', 'Antal', ...COMPARED.map((o) => o.name),
      ]);
      assert.equal((await tableRows(trendTable)).length, 4, 'a row per quarter');
      const bars = await servedChart(page, panel.locator('figure').nth(1));
      assert.equal(await bars.locator('title').textContent(), `Nöjd-kund-index, ${quarters.label(FILTERED.to)}`);
      const ranking = await tableRows(panel.locator('table').nth(1));
      // The background, the legend's key to the chosen, and a bar for each ranked municipality.
      assert.equal(await bars.locator('rect').count(), 2 + ranking.length);
      assert.deepEqual(ranking.map((row) => row[0]), ['1', '2', '3', '4'], 'the four municipalities ranked');
      const values = ranking.map((row) => swedishNumber(row[2]));
      assert.deepEqual(values, [...values].sort((a, b) => b - a), 'largest first');
    },
  },
  {
    path: '/matt/issues_solved',
    user: 'viewer',
    h1: '7. Hur många frågor löses internt respektive externt?',
    content: async (page) => {
      const panel = page.locator('section.series-panel');
      assert.equal(await panel.count(), 1, 'shown by its derived share only');
      assert.equal(await panel.locator('h2').textContent(), 'Andel lösta med extern part');
      assert.equal(await panel.locator('table').nth(0).locator('caption').textContent(), 'Andel lösta med extern part (%)');
      assert.deepEqual(await panel.locator('table').nth(1).locator('thead th').allTextContents(), ['Plats', 'Organisation', 'Värde (%)']);
      const ranking = await tableRows(panel.locator('table').nth(1));
      assert.equal(ranking.length, 12, 'every organisation ranked');
      for (const [, name, value] of ranking) {
        const share = swedishNumber(value);
        assert.ok(share >= 0 && share <= 100, `${name}: ${value} is a percentage`);
      }
      // Skatteverket's share is its issues solved with an external party over all it solved.
      const skatteverket = ranking.find((row) => row[1] === 'Skatteverket');
      const organisation = await page.context().newPage();
      try {
        await visit(organisation, `/organisationer/${SKATTEVERKET}`);
        const label = quarters.label(NEWEST);
        const external = await organisationFigure(organisation, /^7\. Lösta med extern part \(/, label);
        const internal = await organisationFigure(organisation, /^7\. Lösta internt \(/, label);
        const share = (100 * external) / (external + internal);
        assert.ok(
          Math.abs(swedishNumber(skatteverket[2]) - share) <= 0.05,
          `Skatteverket: ${skatteverket[2]} %, but ${external} of ${external + internal} is ${share} %`,
        );
      } finally {
        await organisation.close();
      }
    },
  },
  {
    path: '/admin',
    user: 'admin',
    h1: 'Administration',
    content: async (page) => {
      assert.deepEqual(await page.locator('main h2').allTextContents(), [`Kvartalets rapporter: ${quarters.label(NEWEST)}`]);
      assert.equal(await page.locator('select#overview-period').inputValue(), NEWEST);
      const counts = (await page.locator('ul.status-counts li').allTextContents()).map((li) => li.split(': '));
      assert.deepEqual(counts.map(([label]) => label), ['Saknas', 'Utkast', 'Inskickad', 'Godkänd']);
      assert.equal(counts.reduce((sum, [, n]) => sum + Number(n), 0), 12, 'every organisation counted once');
      assert.equal(await page.locator('main table tbody tr').count(), 12);
    },
  },
  {
    path: '/admin/organisationer',
    user: 'admin',
    h1: 'Organisationer',
    content: async (page) => {
      for (const id of ['new-organisation_number', 'new-name', 'new-kind']) {
        assert.equal(await page.locator(`label[for=${id}]`).count(), 1, `#${id} has its label`);
      }
      assert.deepEqual(await page.locator('#new-kind option').allTextContents(), ['Statlig myndighet', 'Region', 'Kommun', 'Annan']);
      assert.equal(await page.getByRole('button', { name: 'Lägg till organisation' }).count(), 1);
      const legends = await page.locator('form.admin-row legend').allTextContents();
      assert.equal(legends.length, 12, 'an edit form per organisation');
      assert.ok(legends.includes(`Skatteverket (${SKATTEVERKET})`), legends.join(', '));
      assert.equal(await page.getByRole('button', { name: 'Spara ändringarna' }).count(), 12);
    },
  },
  {
    path: '/admin/anvandare',
    user: 'admin',
    h1: 'Användare',
    content: async (page) => {
      assert.equal(await page.locator('#new-email').getAttribute('type'), 'email');
      assert.equal(await page.locator('#new-password').getAttribute('type'), 'password');
      assert.deepEqual(await page.locator('#new-role option').allTextContents(), ['Administratör', 'Analytiker', 'Läsare (ledning)']);
      assert.equal(await page.locator('#new-organisation option').count(), 13, '"Ingen" and the 12 organisations');
      assert.equal(await page.getByRole('button', { name: 'Lägg till användare' }).count(), 1);
      const legends = (await page.locator('form.admin-row legend').allTextContents()).sort();
      assert.deepEqual(legends, Object.values(users).map((u) => u.email).sort(), 'an edit form per user');
    },
  },
  // Only admins may administer: others get the page's error, with status 403.
  { path: '/admin', user: 'viewer', status: 403, h1: 'Administration', content: forbidden('main select#overview-period, main table') },
  { path: '/admin/organisationer', user: 'analyst', status: 403, h1: 'Organisationer', content: forbidden('main form') },
  { path: '/admin/anvandare', user: 'viewer', status: 403, h1: 'Användare', content: forbidden('main form') },
  { path: '/tillganglighet', user: 'analyst', h1: 'Tillgänglighetsredogörelse', content: async () => {} },
  { path: '/tillganglighet', user: null, h1: 'Tillgänglighetsredogörelse', content: async () => {} },
  {
    path: '/logga-in',
    user: null,
    h1: 'Logga in',
    content: async (page) => {
      assert.equal(await page.title(), 'Logga in – Effekt');
      assert.equal(await page.locator('#login-email').getAttribute('type'), 'email');
      assert.equal(await page.locator('#login-password').getAttribute('type'), 'password');
      assert.equal(await page.locator('p[role=alert]').count(), 0, 'no error before trying');
    },
  },
  {
    // The login page again, showing the error after a wrong password.
    path: '/logga-in',
    user: null,
    h1: 'Logga in',
    label: 'with a wrong password',
    content: async (page) => {
      await submitLogin(page, { email: users.viewer.email, password: 'inte-rätt-lösenord' });
      assert.equal(new URL(page.url()).pathname, '/logga-in', 'a failed sign-in stays on the login page');
      assert.deepEqual(await page.locator('h1').allTextContents(), ['Logga in']);
      assert.deepEqual(await page.locator('p[role=alert]').allTextContents(), ['Fel e-postadress eller lösenord.']);
      assert.equal(await signedInAs(page), null, 'nobody is signed in');
      assert.equal(await page.locator('#login-email').count(), 1, 'the form is there to try again');
    },
  },
];

describe('pages', () => {
  const running = serverAndBrowser();

  for (const mode of modes) {
    describe(mode, () => {
      for (const { path, user, h1, content, label, status } of pages) {
        const who = user ? `as ${user}` : 'signed out';
        const answer = status ? ` (${status})` : '';
        test(`${path} ${who}${label ? ` ${label}` : ''} renders${answer} and passes axe`, async () => {
          const context = user
            ? await signedInContext(running.browser, mode, running.server.baseURL, users[user])
            : await newContext(running.browser, mode, running.server.baseURL);
          try {
            const page = await context.newPage();
            await visit(page, path, { status });
            assert.equal(await signedInAs(page), user ? users[user].email : null);
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
