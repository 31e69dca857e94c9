// Walks what a person does in Chromium at phone size (390×844) and prints one JSON line per
// job, for tests/api/people.rs to judge:
//   {url, status, content_type, lang, title, h1, verdict, pin_form, targets, text, width}
// A job is a JSON object {url, fill?, submit?, click?, shot?, lang?}: `fill` maps selectors to
// values typed into them, then `submit` (a selector) is clicked and the answer awaited;
// `click` follows a link by selector. `targets` lists every link's href (downloads, marked
// `download`, are files rather than pages and are left out) and form's action
// of the final page (so a test can prove none leads a person to JSON); `text` is the page's
// visible text. `shot` saves a screenshot there (and `-full.png` beside it). Exits 0; the
// caller decides what fails. Chromium from Debian (/usr/bin/chromium), via playwright-core.
import { phone } from './browser.mjs';

const context = await phone(390, 844);

try {
  const page = await context.newPage();
  for (const arg of process.argv.slice(2)) {
    const job = JSON.parse(arg);
    await page.setExtraHTTPHeaders({ 'Accept-Language': job.lang || 'vi' });
    let resp = await page.goto(job.url);
    for (const [sel, value] of Object.entries(job.fill || {})) await page.fill(sel, value);
    const follow = job.submit || job.click;
    if (follow) {
      [resp] = await Promise.all([page.waitForNavigation(), page.click(follow)]);
    }
    if (job.shot) {
      await page.screenshot({ path: job.shot });
      await page.screenshot({ path: job.shot.replace(/\.png$/, '-full.png'), fullPage: true });
    }
    const facts = await page.evaluate(() => ({
      lang: document.documentElement.lang,
      title: document.title,
      h1: document.querySelector('h1')?.innerText ?? '',
      verdict: document.querySelector('.verdict')?.className ?? '',
      pin_form: !!document.querySelector('form.pin'),
      targets: [...document.querySelectorAll('a[href]:not([download])')].map(a => a.getAttribute('href'))
        .concat([...document.querySelectorAll('form')].map(f => f.getAttribute('action') || '')),
      text: document.body ? document.body.innerText : '',
      width: document.documentElement.scrollWidth,
    }));
    console.log(JSON.stringify({
      url: page.url(), status: resp ? resp.status() : 0,
      content_type: resp ? (resp.headers()['content-type'] || '') : '', ...facts,
    }));
  }
} finally {
  await context.close();
}
