// A SQLite database shaped like a busy site: migrated by the app's own migrations, N
// synthetic articles inserted in bulk, then the demo corpus loaded through the app's own
// path (so pages have the demo ad, settings and featured picks).
import { statSync } from 'node:fs';
import SQLite from 'better-sqlite3';
import pino from 'pino';
import { summarize } from '../../src/ingest/text.js';
import { createServices } from '../../src/services.js';
import { openStore } from '../../src/store/db.js';
import { migrateToLatest } from '../../src/store/migrate.js';
import { escapeHtml, loadCorpus, makeParagraphs, makeTitle, pick, rng, type Corpus } from './corpus.js';

export interface SeedOptions {
  /** SQLite file to create. */
  file: string;
  articles: number;
  /** Generator seed: the same seed gives the same rows. */
  seed?: number;
  now?: number;
}

export interface SeededDatabase {
  file: string;
  articles: number;
  seedMs: number;
  demoArticles: number;
  demoMs: number;
  bytes: number;
}

/** Fictional general-news outlets: no category of their own, so articles carry theirs. */
const SOURCES: Array<[slug: string, name: string]> = [
  ['bench-dongan-ribao', '东岸日报'],
  ['bench-beichen-xinwen', '北辰新闻网'],
  ['bench-jiangzhou-jinri', '今日江州'],
  ['bench-huaxia-guancha', '华夏观察'],
  ['bench-chenxi-kuaixun', '晨曦快讯'],
  ['bench-yunduan-toutiao', '云端头条'],
];

const AUTHORS = ['记者 韩书阳', '记者 林晓', '通讯员 周明', '记者 陈思远', '本报评论员', null, null];
const IMAGES = ['a-galaxy.svg', 'a-metro-line.svg', 'b-stadium.svg', 'b-sedan.svg', 'a-smartwatch.svg'];

const YEAR_MS = 365 * 24 * 60 * 60 * 1000;
const BATCH = 5000;

export async function createBenchDatabase(options: SeedOptions): Promise<SeededDatabase> {
  const { file, articles, seed = 1, now = Date.now() } = options;
  const store = await openStore({ url: file });
  await migrateToLatest(store);
  await store.close();

  let started = performance.now();
  seedArticles(file, articles, rng(seed), now);
  const seedMs = performance.now() - started;

  started = performance.now();
  const demoStore = await openStore({ url: file });
  let demoArticles: number;
  try {
    demoArticles = (await createServices(demoStore, pino({ level: 'silent' })).demo.load(now)).added;
  } finally {
    await demoStore.close();
  }
  const demoMs = performance.now() - started;

  checkpoint(file);
  return { file, articles, seedMs, demoArticles, demoMs, bytes: statSync(file).size };
}

/**
 * Straight through better-sqlite3 with one prepared statement and big transactions:
 * the app's one-INSERT-per-call path would take minutes at 100k rows.
 */
function seedArticles(file: string, count: number, random: () => number, now: number): void {
  const db = new SQLite(file);
  try {
    // A seed interrupted half-way is thrown away, so durability buys nothing here.
    db.pragma('synchronous = OFF');
    const categoryIds = db.prepare<[], { id: number }>('SELECT id FROM categories ORDER BY position').all().map((r) => r.id);
    const sourceIds = insertSources(db, now);
    const insert = db.prepare(
      `INSERT INTO articles (source_id, category_id, guid, url, title, author, summary, content_html, content_text,
         lead_image, published_at, created_at, status, featured, is_demo)
       VALUES (@source_id, @category_id, @guid, @url, @title, @author, @summary, @content_html, @content_text,
         @lead_image, @published_at, @created_at, @status, @featured, 0)`,
    );
    const insertStats = db.prepare('INSERT INTO article_stats (article_id, view_count) VALUES (?, ?)');
    const corpus = loadCorpus();
    // Oldest first, so ids grow with publication time as they do on a live site.
    const start = now - YEAR_MS;
    const step = (YEAR_MS - 60 * 60 * 1000) / Math.max(1, count);
    const batch = db.transaction((from: number, to: number) => {
      for (let i = from; i < to; i++) {
        const publishedAt = Math.round(start + i * step + random() * step);
        const { view_count, ...row } = articleRow(i, random, corpus, pick(random, sourceIds), pick(random, categoryIds), publishedAt);
        insertStats.run(insert.run(row).lastInsertRowid, view_count);
      }
    });
    for (let from = 0; from < count; from += BATCH) batch(from, Math.min(count, from + BATCH));
  } finally {
    db.close();
  }
}

function insertSources(db: SQLite.Database, now: number): number[] {
  const insert = db.prepare(
    `INSERT INTO sources (slug, name, site_url, feed_url, category_id, policy, enabled, is_demo, created_at)
     VALUES (?, ?, ?, NULL, NULL, 'full', 1, 0, ?) RETURNING id`,
  );
  return SOURCES.map(([slug, name]) => (insert.get(slug, name, `https://${slug}.example/`, now) as { id: number }).id);
}

function articleRow(i: number, random: () => number, corpus: Corpus, sourceId: number, categoryId: number, publishedAt: number) {
  // Plain text of 1–1.6 KB before the last paragraph, so bodies land at about 1–2 KB.
  const paragraphs = makeParagraphs(random, corpus, 1024 + Math.floor(random() * 600));
  const text = paragraphs.join('\n');
  const hasImage = random() < 0.3;
  const image = hasImage ? `/demo/media/${pick(random, IMAGES)}` : null;
  const html = (image ? `<figure><img src="${image}" alt=""></figure>` : '') + paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join('');
  const roll = random();
  return {
    source_id: sourceId,
    category_id: categoryId,
    guid: `bench-${i}`,
    url: `https://bench.example/${i}.html`,
    title: makeTitle(random, corpus),
    author: pick(random, AUTHORS),
    summary: summarize(text),
    content_html: html,
    content_text: text,
    lead_image: image,
    published_at: publishedAt,
    created_at: publishedAt,
    // A few removed articles, so status filters have something to filter.
    status: roll < 0.001 ? 'hidden' : roll < 0.0015 ? 'taken_down' : 'published',
    // Skewed like real reading: most articles a few hundred reads, a few tens of thousands.
    view_count: Math.round(20 + Math.pow(random(), 3) * 50000),
    // Editors pick about one article in a thousand.
    featured: random() < 0.001 ? 1 : 0,
  };
}

function checkpoint(file: string): void {
  const db = new SQLite(file);
  try {
    db.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    db.close();
  }
}

/** `count` published article ids spread over the whole table, in a shuffled order. */
export function sampleArticleIds(file: string, count: number, seed = 2): number[] {
  const db = new SQLite(file, { readonly: true });
  let ids: number[];
  try {
    ids = db.prepare<[], { id: number }>("SELECT id FROM articles WHERE status = 'published' ORDER BY id").all().map((r) => r.id);
  } finally {
    db.close();
  }
  const picked = Array.from({ length: Math.min(count, ids.length) }, (_, i) => ids[Math.floor((i * ids.length) / Math.min(count, ids.length))]!);
  const random = rng(seed);
  for (let i = picked.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [picked[i], picked[j]] = [picked[j]!, picked[i]!];
  }
  return picked;
}
