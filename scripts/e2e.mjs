// End-to-end browser driver for tests/api/e2e.rs. Reads one JSON command a line on stdin,
// runs it in Chromium (Debian's /usr/bin/chromium, driven by playwright-core: no browser
// download) and answers one JSON line on stdout: {ok: true, ...} or {ok: false, error}.
// Each person is a browser context of their own (cookies apart), named by `who`.
//
// Commands (fields besides `op`):
//   open {who, url}                 -> {url, status}
//   fill {who, fields: {sel: value}} (select elements get selectOption)
//   check {who, sel}
//   submit {who, sel}               click and wait for the next page -> {url, status}
//   download {who, sel, path}       click and save the download -> {path, name}
//   strip {who, name}               remove every form field called `name` (a CSRF test)
//   html {who}                      -> {url, html}
//   cookie {who, name}              -> {value} ('' if none)
//   audit {who, name}               screenshots at 390 and 1280 px to
//                                   target/screenshots/console-<name>-<width>.png, axe-core
//                                   (WCAG 2.1 A/AA) at 390 px, tap targets under 44 px
//                                   -> {violations, bytes, width, small_targets}
//   quit
import { chromium } from 'playwright-core';
import { smallTargets } from './targets.mjs';
import { createRequire } from 'node:module';
import { createInterface } from 'node:readline';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

const require = createRequire(import.meta.url);
const axePath = require.resolve('axe-core/axe.min.js');
const shots = process.env.OCOP_SCREENSHOTS_DIR || 'target/screenshots';
mkdirSync(shots, { recursive: true });

const browser = await chromium.launch({
  executablePath: process.env.CHROME_PATH || '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const people = new Map();


async function pageOf(who) {
  if (!people.has(who)) {
    // axe is injected as a script; the pages' CSP (rightly) allows none.
    const context = await browser.newContext({
      viewport: { width: 390, height: 844 }, bypassCSP: true, acceptDownloads: true,
      locale: 'vi-VN',
    });
    const page = await context.newPage();
    const state = { context, page, status: 0 };
    page.on('response', r => { if (r.request().isNavigationRequest() && r.frame() === page.mainFrame()) state.status = r.status(); });
    people.set(who, state);
  }
  return people.get(who);
}

async function run(c) {
  const p = c.who ? await pageOf(c.who) : null;
  const page = p && p.page;
  switch (c.op) {
    case 'open': {
      const r = await page.goto(c.url);
      return { url: page.url(), status: r ? r.status() : p.status };
    }
    case 'fill':
      for (const [sel, value] of Object.entries(c.fields)) {
        const tag = await page.$eval(sel, e => e.tagName);
        if (tag === 'SELECT') await page.selectOption(sel, value);
        else await page.fill(sel, value);
      }
      return {};
    case 'check':
      await page.check(c.sel);
      return {};
    case 'submit': {
      p.status = 0;
      await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.click(c.sel)]);
      return { url: page.url(), status: p.status };
    }
    case 'download': {
      const [d] = await Promise.all([page.waitForEvent('download'), page.click(c.sel)]);
      await d.saveAs(c.path);
      return { path: c.path, name: d.suggestedFilename() };
    }
    case 'strip':
      await page.evaluate(n => document.querySelectorAll(`[name="${n}"]`).forEach(e => e.remove()), c.name);
      return {};
    case 'html':
      return { url: page.url(), html: await page.content() };
    case 'cookie': {
      const all = await p.context.cookies();
      const found = all.find(k => k.name === c.name);
      return { value: found ? found.value : '' };
    }
    case 'audit': {
      const bytes = Buffer.byteLength(await page.content());
      await page.setViewportSize({ width: 1280, height: 900 });
      await page.screenshot({ path: join(shots, `console-${c.name}-1280.png`), fullPage: true });
      await page.setViewportSize({ width: 390, height: 844 });
      await page.screenshot({ path: join(shots, `console-${c.name}-390.png`), fullPage: true });
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      const small = await page.evaluate(smallTargets);
      await page.addScriptTag({ path: axePath });
      const result = await page.evaluate(async () =>
        // eslint-disable-next-line no-undef
        axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } }));
      const violations = result.violations.map(v => ({
        id: v.id, impact: v.impact, help: v.help,
        nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 5),
      }));
      return { violations, bytes, width, small_targets: small };
    }
    case 'quit':
      await browser.close();
      return {};
    default:
      throw new Error(`unknown op ${c.op}`);
  }
}

const lines = createInterface({ input: process.stdin });
for await (const line of lines) {
  if (!line.trim()) continue;
  let c;
  try {
    c = JSON.parse(line);
    const out = await run(c);
    process.stdout.write(JSON.stringify({ ok: true, ...out }) + '\n');
  } catch (e) {
    process.stdout.write(JSON.stringify({ ok: false, error: String(e && e.stack || e) }) + '\n');
  }
  if (c && c.op === 'quit') break;
}
await browser.close().catch(() => {});
