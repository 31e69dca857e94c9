// Runs axe-core (WCAG 2.1 A and AA rules) in Chromium on each URL given, at phone size, and
// prints one JSON line per page: {url, violations: [{id, impact, nodes, help}], width}. Exits 0; the
// caller (tests/api/axe.rs) decides which impacts fail. Chromium from Debian
// (/usr/bin/chromium), driven by playwright-core: no browser download.
import { chromium } from 'playwright-core';
import { createRequire } from 'node:module';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const require = createRequire(import.meta.url);
const axePath = require.resolve('axe-core/axe.min.js');
const profile = mkdtempSync(join(tmpdir(), 'ocop-axe-'));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.CHROME_PATH || '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  viewport: { width: 390, height: 844 },
  // axe is injected as a script; the pages' CSP (rightly) allows none.
  bypassCSP: true,
  isMobile: true,
  userAgent: 'Mozilla/5.0 (Linux; Android 14; Pixel 7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Mobile Safari/537.36',
});
try {
  const page = await context.newPage();
  for (const url of process.argv.slice(2)) {
    await page.goto(url);
    await page.addScriptTag({ path: axePath });
    const result = await page.evaluate(async () =>
      // eslint-disable-next-line no-undef
      axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } }));
    const violations = result.violations.map(v => ({
      id: v.id, impact: v.impact, help: v.help,
      nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 5),
    }));
    // Wider than the phone means a sideways scroll.
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    console.log(JSON.stringify({ url, violations, width }));
  }
} finally {
  await context.close();
}
