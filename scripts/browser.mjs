// The one Chromium the page scripts drive (scripts/axe.mjs, scripts/journey.mjs): Debian's
// /usr/bin/chromium through playwright-core (no browser download), headless, a phone's user
// agent and touch, a throwaway profile, nothing fetched in the background.
import { chromium } from 'playwright-core';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export async function phone(width, height, extra = {}) {
  const profile = mkdtempSync(join(tmpdir(), 'ocop-browser-'));
  return chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROME_PATH || '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport: { width, height },
    isMobile: true,
    userAgent: 'Mozilla/5.0 (Linux; Android 14; Pixel 7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Mobile Safari/537.36',
    ...extra,
  });
}
