import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type APIRequestContext, type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import pino from 'pino';
import { expect } from 'vitest';
import { loadConfig } from '../config/config.js';
import { startFixtureSite } from '../ingest/testing.js';
import { createServices } from '../services.js';
import { openStore } from '../store/db.js';
import { migrateToLatest } from '../store/migrate.js';
import { type RunningServer, startServer } from '../web/server.js';
import { CHROMIUM, CHROMIUM_ARGS } from './chromium.js';

/**
 * What the browser walk-throughs (operations, editorial) share: the real server (as
 * `redian serve --no-fetch` runs it) on 127.0.0.1 over a temporary SQLite file with one
 * admin account, the local fixture news site to fetch from, Chromium, and helpers to act
 * as a person in it and to look at what machines see.
 */

export const DESKTOP = { viewport: { width: 1280, height: 900 }, deviceScaleFactor: 1 };
export const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };

export interface BrowserSite {
  /** http://127.0.0.1:PORT, also the server's SITE_URL. */
  base: string;
  /** The fixture news site (src/ingest/testing.ts). */
  feeds: { url: string; close(): Promise<void> };
  browser: Browser;
  close(): Promise<void>;
}

/** A port free right now on 127.0.0.1, so SITE_URL can name it before the server starts. */
export async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
  const { port } = probe.address() as { port: number };
  await new Promise<void>((r) => probe.close(() => r()));
  return port;
}

/**
 * Starts the site with an admin account made as `redian admin create` makes it (through
 * the account service), no demo, loopback fetching allowed (for the fixture site) and no
 * scheduler: sources are fetched when the admin says so.
 */
export async function startBrowserSite(account: { username: string; password: string }): Promise<BrowserSite> {
  const dir = await mkdtemp(join(tmpdir(), 'redian-browser-'));
  let feeds: BrowserSite['feeds'] | undefined;
  let server: RunningServer | undefined;
  let browser: Browser | undefined;
  const close = async () => {
    await browser?.close();
    await server?.stop(2000);
    await feeds?.close();
    await rm(dir, { recursive: true, force: true });
  };
  try {
    const databaseUrl = join(dir, 'redian.db');
    const store = await openStore({ url: databaseUrl });
    await migrateToLatest(store);
    const services = createServices(store, pino({ level: 'silent' }));
    await services.admin.accounts.create({ ...account, role: 'admin' }, 'cli');
    await services.close();
    await store.close();

    feeds = await startFixtureSite();
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const config = loadConfig({
      PORT: String(port),
      HOST: '127.0.0.1',
      SITE_URL: base,
      DATABASE_URL: databaseUrl,
      REDIAN_DEMO: '0',
      FETCH_ALLOW_LOOPBACK: '1',
      IMAGE_CACHE_DIR: join(dir, 'img-cache'),
      LOG_LEVEL: 'silent',
    });
    server = await startServer(config, pino({ level: 'silent' }), { fetch: false });
    expect(server.url).toBe(base);
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
    return { base, feeds, browser, close };
  } catch (err) {
    await close();
    throw err;
  }
}

/** A fresh browser profile (its own cookies), with page errors collected. */
export async function person(browser: Browser, options: Parameters<Browser['newContext']>[0] = DESKTOP): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  // Failed loads are reported below with their URL, rather than as the console's bare line.
  page.on('console', (m) => m.type() === 'error' && !m.text().startsWith('Failed to load resource') && errors.push(m.text()));
  page.on('response', (res) => res.status() >= 400 && errors.push(`${res.status()} ${res.url()}`));
  return { context, page, errors };
}

/** Clicks something that submits or navigates, and waits for the page it leads to. */
export async function clickTo(page: Page, url: RegExp, click: () => Promise<void>): Promise<void> {
  await Promise.all([page.waitForURL(url), click()]);
}

/** Signs in through the login form and lands on the dashboard. */
export async function signInAs(page: Page, base: string, account: { username: string; password: string }): Promise<void> {
  await page.goto(`${base}/admin`);
  expect(new URL(page.url()).pathname).toBe('/admin/login');
  await page.fill('input[name="username"]', account.username);
  await page.fill('input[name="password"]', account.password);
  await clickTo(page, new RegExp(`^${base}/admin$`), () => page.click('button[type="submit"]'));
}

/** What machines see of an article: the site's three feeds and every sitemap listed in the index. */
export async function machineViews(request: APIRequestContext, base: string, id: number): Promise<{ feeds: Record<string, boolean>; sitemaps: Record<string, boolean> }> {
  const href = `${base}/a/${id}`;
  const mentions = (body: string) => body.includes(`${href}<`) || body.includes(`${href}"`) || body.includes(`${href}/`);
  const out = { feeds: {} as Record<string, boolean>, sitemaps: {} as Record<string, boolean> };
  for (const path of ['/feed.xml', '/atom.xml', '/feed.json']) {
    const res = await request.get(`${base}${path}`);
    expect(res.status(), path).toBe(200);
    out.feeds[path] = mentions(await res.text());
  }
  const index = await request.get(`${base}/sitemap.xml`);
  expect(index.status()).toBe(200);
  const locs = [...(await index.text()).matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => m[1]!);
  for (const loc of locs) {
    const res = await request.get(loc.replace(/&amp;/g, '&'));
    expect(res.status(), loc).toBe(200);
    out.sitemaps[new URL(loc).pathname] = mentions(await res.text());
  }
  return out;
}

/** Runs the header search box on the current page; the result links on /search. */
export async function searchFor(page: Page, term: string): Promise<string[]> {
  const box = page.locator('header').getByRole('search').getByRole('searchbox');
  await box.fill(term);
  await clickTo(page, /\/search\?q=/, () => box.press('Enter'));
  expect(await page.locator('main input[name="q"]').inputValue()).toBe(term);
  return page.locator('.results .result a.title').evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''));
}

/**
 * The fixture's deliberately broken image (<img src="x"> in its hostile item, resolved to
 * /news/x, which the fixture site answers 404) failing through the image proxy: an
 * expected error line of `person()`.
 */
export function isBrokenFixtureImage(error: string, fixtureUrl: string): boolean {
  const m = /^404 .*\/img\/[^/]+\/([A-Za-z0-9_-]+)$/.exec(error);
  return m !== null && Buffer.from(m[1]!, 'base64url').toString() === `${fixtureUrl}/news/x`;
}
