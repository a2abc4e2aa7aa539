import { existsSync } from 'node:fs';

/** Debian's chromium; REDIAN_CHROMIUM points elsewhere (another install, or a missing path to try the skip). */
export const CHROMIUM = process.env.REDIAN_CHROMIUM || '/usr/bin/chromium';

/** Headless, and quiet: without the background-networking flags Chromium calls home. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/**
 * Gate for a browser suite: without chromium the suite is skipped with the reason in its
 * title (and a warning), except with REDIAN_REQUIRE_BROWSER=1 (CI), where it runs and fails.
 */
export function browserSuite(suite: string): { available: boolean; skip: boolean; title: string } {
  const available = existsSync(CHROMIUM);
  const required = process.env.REDIAN_REQUIRE_BROWSER === '1';
  const missing = `${CHROMIUM} not found`;
  const title = available
    ? suite
    : required
      ? `${suite} — FAILS: ${missing} and REDIAN_REQUIRE_BROWSER=1`
      : `${suite} — SKIPPED: ${missing} (install Debian's chromium; REDIAN_REQUIRE_BROWSER=1 makes this a failure)`;
  if (!available && !required) console.warn(title);
  return { available, skip: !available && !required, title };
}
