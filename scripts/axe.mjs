// Runs axe-core (WCAG 2.1 A and AA rules) in Chromium on each page given, at phone size
// (360×740), and prints one JSON line per page:
//   {url, violations: [{id, impact, nodes, help}], width, bytes, third_party, small_targets}
// width: the document's scroll width (wider than 360 is a sideways scroll); bytes: the HTML
// as sent; third_party: requests to any other origin than the page's; small_targets: tap
// targets under 44×44 px, links inside a sentence excepted. Exits 0; the caller
// (tests/api/axe.rs) decides what fails.
//
// Each argument is a URL, or a JSON object {url, pin?, ip?, shot?}: with `pin` the page's PIN
// form is filled and sent (the answer page is the one checked); `ip` is sent as
// X-Forwarded-For (the test server trusts it); `shot` saves a 360×740 screenshot there (and a
// full-page one beside it, `-full.png`). Chromium from Debian (/usr/bin/chromium), driven by
// playwright-core: no browser download.
import { smallTargets } from './targets.mjs';
import { phone } from './browser.mjs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const axePath = require.resolve('axe-core/axe.min.js');
// axe is injected as a script; the pages' CSP (rightly) allows none.
const context = await phone(360, 740, { bypassCSP: true });


try {
  const page = await context.newPage();
  let origin = '';
  let thirdParty = [];
  page.on('request', r => {
    const u = r.url();
    if (u.startsWith('data:') || u.startsWith('about:')) return;
    if (origin && new URL(u).origin !== origin) thirdParty.push(u);
  });
  for (const arg of process.argv.slice(2)) {
    const job = arg.startsWith('{') ? JSON.parse(arg) : { url: arg };
    origin = new URL(job.url).origin;
    thirdParty = [];
    await page.setExtraHTTPHeaders(job.ip ? { 'X-Forwarded-For': job.ip } : {});
    let resp = await page.goto(job.url);
    if (job.pin !== undefined) {
      await page.fill('#pin', job.pin);
      [resp] = await Promise.all([page.waitForNavigation(), page.click('form.pin button')]);
    }
    const bytes = resp ? (await resp.body()).length : 0;
    if (job.shot) {
      await page.screenshot({ path: job.shot });
      await page.screenshot({ path: job.shot.replace(/\.png$/, '-full.png'), fullPage: true });
    }
    const targets = await page.evaluate(smallTargets);
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
    console.log(JSON.stringify({
      url: job.url, pin: job.pin !== undefined, violations, width, bytes,
      third_party: thirdParty, small_targets: targets,
    }));
  }
} finally {
  await context.close();
}
