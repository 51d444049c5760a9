// The quarterly report for leadership (/rapport/kvartal/2026K3), with JavaScript on and off:
// the dashboard leads to it, its headline table agrees with the API's summary, it is axe
// clean, and printed to PDF in Chromium it is a clean A4 document: the report's sections, none
// of the site's menus or links to elsewhere.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  audit,
  modes,
  navigate,
  quarters,
  serverAndBrowser,
  signedInContext,
  swedishNumber,
  users,
  visit,
} from './harness.mjs';

/** The text of `pdf` as poppler's pdftotext reads it, and its pages' sizes from pdfinfo. */
function readPdf(pdf) {
  const dir = mkdtempSync(join(tmpdir(), 'effekt-pdf-'));
  try {
    const file = join(dir, 'report.pdf');
    writeFileSync(file, pdf);
    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
    const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
    return { text, info };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('Quarterly report', () => {
  const running = serverAndBrowser();

  for (const mode of modes) {
    describe(mode, () => {
      test('leadership opens the quarter\'s report from the dashboard and prints it', async (t) => {
        const context = await signedInContext(running.browser, mode, running.server.baseURL, users.viewer);
        try {
          const page = await context.newPage();
          await visit(page, '/');
          const link = page.getByRole('link', { name: /^Kvartalsrapport \d{4} K[1-4]$/ });
          const label = (await link.textContent()).replace('Kvartalsrapport ', '');
          const quarter = label.replace(' K', 'Q');
          await navigate(
            page,
            () => link.click(),
            (url) => url.pathname === `/rapport/kvartal/${quarter.replace('Q', 'K')}`,
            page.locator('h1', { hasText: `Kvartalsrapport ${label}` }),
          );

          await t.test('the headline figures are the API\'s national medians', async () => {
            const summary = await (
              await page.request.get(`/api/v1/summary?from=${quarter}&to=${quarter}&series=tv_series`)
            ).json();
            assert.equal(summary.length, 1);
            const cells = await page
              .locator('table.headline-table tr', { has: page.locator('th', { hasText: /^10\. TV-serier$/ }) })
              .locator('td')
              .allTextContents();
            assert.equal(swedishNumber(cells[0].replace('antal', '')), summary[0].median);
            assert.match(cells[3], new RegExp(`^${summary[0].n}( \\(preliminär\\))?$`));
            const rows = await page.locator('table.headline-table tbody tr').count();
            assert.ok(rows >= 14, `${rows} headline rows, one per series shown`);
            assert.equal(await page.locator('ol.biggest-changes li').count() > 0, true);
            await audit(page);
          });

          await t.test('the previous quarter is a link away', async () => {
            const previous = quarters.shift(quarter, -1);
            const back = page.getByRole('link', { name: `Föregående kvartal: ${quarters.label(previous)}` });
            assert.equal(await back.getAttribute('href'), `/rapport/kvartal/${previous.replace('Q', 'K')}`);
          });

          await t.test('printed to PDF it is the report alone, on A4', async () => {
            await page.emulateMedia({ media: 'print' });
            const { text, info } = readPdf(await page.pdf({ preferCSSPageSize: true, printBackground: false }));
            await page.emulateMedia({ media: 'screen' });
            assert.match(info, /Page size:\s+59\d\.\d+ x 84\d\.\d+ pts \(A4\)/);
            const pages = Number(/Pages:\s+(\d+)/.exec(info)[1]);
            assert.ok(pages >= 1 && pages <= 4, `${pages} pages`);
            for (const heading of [`Kvartalsrapport ${label}`, 'Nyckeltal', 'Största förändringarna', 'Rapportering', 'Lärdomar']) {
              assert.ok(text.includes(heading), `${heading} is printed:\n${text}`);
            }
            assert.match(text, /har rapporterat \(\d+ %\), \d+ i tid/);
            // None of the site around the report: menus, the skip link, the print hint.
            for (const absent of ['Hoppa till innehållet', 'Logga ut', 'Skriv ut sidan', 'Föregående kvartal']) {
              assert.ok(!text.includes(absent), `${absent} is not printed`);
            }
          });
        } finally {
          await context.close();
        }
      });
    });
  }
});
