import SwaggerParser from '@apidevtools/swagger-parser';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HOUR_MS } from '../../../rank/hot-score.js';
import { createTestSite, sharedDemoStory, TEST_SITE_URL, type TestSite } from '../../testing.js';
import { openApiDocument } from './openapi.js';

const DOC_ID = 'https://redian.test/openapi.json';

let site: TestSite;
let doc: ReturnType<typeof openApiDocument>;
let published: { id: number; category: string; source: string; term: string };
let hiddenId: number;
let goneId: number;
let story: { storyId: number; articleIds: number[] };

beforeAll(async () => {
  site = await createTestSite();
  const rows = await site.store.db
    .selectFrom('articles')
    .innerJoin('sources', 'sources.id', 'articles.source_id')
    .innerJoin('categories', 'categories.id', 'articles.category_id')
    .select(['articles.id', 'sources.slug as source', 'categories.slug as category'])
    .where('articles.story_id', 'is not', null)
    .orderBy('articles.published_at', 'desc')
    .limit(3)
    .execute();
  const keyword = await site.store.db.selectFrom('article_keywords').select('term').where('article_id', '=', rows[0]!.id).orderBy('weight', 'desc').executeTakeFirstOrThrow();
  published = { ...rows[0]!, term: keyword.term };
  [, hiddenId, goneId] = rows.map((r) => r.id) as [number, number, number];
  await site.store.db.updateTable('articles').set({ status: 'hidden' }).where('id', '=', hiddenId).execute();
  await site.store.db.updateTable('articles').set({ status: 'taken_down' }).where('id', '=', goneId).execute();
  story = await sharedDemoStory(site);
  // Reads in the last hours, so the hot list has something to rank.
  const hour = Math.floor(Date.now() / HOUR_MS);
  await site.store.db.insertInto('article_view_hours').values({ article_id: published.id, hour, views: 500 }).execute();
  await site.services.rank.refresh();
  doc = (await (await site.app.request('/api/v1/openapi.json')).json()) as typeof doc;
});
afterAll(() => site.close());

async function getJson(path: string, init?: RequestInit) {
  const res = await site.app.request(path, init);
  return { res, body: (await res.json()) as Record<string, unknown> & { items?: Array<Record<string, unknown>> } };
}

describe('the OpenAPI document', () => {
  it('is valid OpenAPI 3.1 (swagger-parser)', async () => {
    const api = await SwaggerParser.validate(structuredClone(doc) as never);
    expect(api.info.title).toBe('Redian API');
    expect((api as { openapi: string }).openapi).toBe('3.1.0');
    expect(doc.servers[0]!.url).toBe(`${TEST_SITE_URL}/api/v1`);
  });

  it('is what /api/v1/openapi.json serves, and names exactly the API’s routes', () => {
    expect(doc).toEqual(JSON.parse(JSON.stringify(openApiDocument(TEST_SITE_URL))));
    expect(Object.keys(doc.paths).sort()).toEqual(['/articles', '/articles/{id}', '/categories', '/hot', '/openapi.json', '/search', '/stories/{id}']);
  });

  it('is answered on every documented path and status, with bodies matching the documented schemas', async () => {
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats.default(ajv);
    ajv.addSchema(doc, DOC_ID);
    const examples: Record<string, Record<string, string>> = {
      '/articles': {
        '200': `/articles?category=${published.category}&page=1`,
        '400': '/articles?page=0',
        '404': '/articles?source=no-such-source',
      },
      '/articles/{id}': { '200': `/articles/${published.id}`, '404': `/articles/${hiddenId}`, '410': `/articles/${goneId}` },
      '/stories/{id}': { '200': `/stories/${story.storyId}`, '404': '/stories/999999' },
      '/categories': { '200': '/categories' },
      '/hot': { '200': '/hot', '400': '/hot?category=nope' },
      '/search': { '200': `/search?q=${encodeURIComponent(published.term)}`, '400': '/search?q=' },
      '/openapi.json': { '200': '/openapi.json' },
    };
    let checked = 0;
    for (const [path, item] of Object.entries(doc.paths)) {
      for (const status of Object.keys(item.get.responses)) {
        const example = examples[path]?.[status];
        expect(example, `an example request for ${path} → ${status}`).toBeDefined();
        const { res, body } = await getJson(`/api/v1${example}`);
        expect(res.status, `${example}`).toBe(Number(status));
        expect(res.headers.get('content-type')).toMatch(/^application\/json/);
        const pointer = `#/paths/${path.replaceAll('~', '~0').replaceAll('/', '~1')}/get/responses/${status}/content/application~1json/schema`;
        const validate = ajv.compile({ $ref: `${DOC_ID}${pointer}` });
        expect(validate(body), `${example}: ${ajv.errorsText(validate.errors)}`).toBe(true);
        if (Array.isArray(body.items) && status === '200' && path !== '/categories') expect(body.items.length, example).toBeGreaterThan(0);
        checked++;
      }
    }
    // …and no example goes beyond what is documented.
    expect(checked).toBe(Object.values(examples).flatMap((byStatus) => Object.keys(byStatus)).length);
  });
});

describe('/api/v1', () => {
  it('lists published articles newest first, 20 a page, by category or source, never hidden or taken-down ones', async () => {
    const { res, body } = await getJson('/api/v1/articles');
    expect(res.status).toBe(200);
    const total = await site.store.db.selectFrom('articles').select((eb) => eb.fn.countAll<number>().as('n')).where('status', '=', 'published').executeTakeFirstOrThrow();
    expect(body).toMatchObject({ page: 1, per_page: 20, total: Number(total.n), pages: Math.ceil(Number(total.n) / 20) });
    const ids = (items: Array<Record<string, unknown>>) => items.map((i) => i.id);
    expect(body.items!.length).toBe(20);
    const times = body.items!.map((i) => Date.parse(i.published_at as string));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect(ids(body.items!)).not.toContain(hiddenId);
    expect(ids(body.items!)).not.toContain(goneId);
    const first = body.items![0]!;
    expect(first.url).toBe(`${TEST_SITE_URL}/a/${first.id}`);

    const second = await getJson('/api/v1/articles?page=2');
    expect(ids(second.body.items!).some((id) => ids(body.items!).includes(id))).toBe(false);
    const beyond = await getJson('/api/v1/articles?page=999');
    expect(beyond.res.status).toBe(200);
    expect(beyond.body.items).toEqual([]);

    const byCategory = await getJson(`/api/v1/articles?category=${published.category}`);
    expect(byCategory.body.items!.every((i) => (i.category as { slug: string }).slug === published.category)).toBe(true);
    const bySource = await getJson(`/api/v1/articles?source=${published.source}`);
    expect(bySource.body.items!.length).toBeGreaterThan(0);
    expect(bySource.body.items!.every((i) => (i.source as { slug: string }).slug === published.source)).toBe(true);
  });

  it('gives one article with its original link and no body, 404 for hidden and 410 for taken down', async () => {
    const { body } = await getJson(`/api/v1/articles/${published.id}`);
    const stored = await site.store.db.selectFrom('articles').select(['url', 'title']).where('id', '=', published.id).executeTakeFirstOrThrow();
    expect(body).toMatchObject({ id: published.id, title: stored.title, original_url: stored.url });
    expect(JSON.stringify(body)).not.toContain('content');
    expect((await getJson(`/api/v1/articles/${hiddenId}`)).body).toEqual({ error: { code: 'NOT_FOUND', message: `not found: article ${hiddenId}` } });
    const gone = await getJson(`/api/v1/articles/${goneId}`);
    expect(gone.res.status).toBe(410);
    expect((gone.body.error as { code: string }).code).toBe('GONE');
    expect((await getJson('/api/v1/articles/abc')).res.status).toBe(404);
  });

  it('gives a story with its articles, the original first', async () => {
    const { body } = await getJson(`/api/v1/stories/${story.storyId}`);
    const ids = (body.articles as Array<{ id: number }>).map((a) => a.id);
    expect(ids).toEqual(story.articleIds.filter((id) => id !== hiddenId && id !== goneId));
    expect(body.article_count).toBe(ids.length);
  });

  it('lists categories with their feeds, and the hot list from the ranking service', async () => {
    const categories = await getJson('/api/v1/categories');
    const tech = categories.body.items!.find((c) => c.slug === 'tech')!;
    expect(tech).toEqual({
      slug: 'tech',
      name: '科技',
      url: `${TEST_SITE_URL}/c/tech`,
      feeds: { rss: `${TEST_SITE_URL}/c/tech/feed.xml`, atom: `${TEST_SITE_URL}/c/tech/atom.xml`, json: `${TEST_SITE_URL}/c/tech/feed.json` },
    });
    const hot = await getJson('/api/v1/hot');
    const expected = await site.services.rank.hot(20);
    expect(hot.body.items!.map((i) => (i.article as { id: number }).id)).toEqual(expected.map((e) => e.card.id));
    expect(hot.body.items![0]).toMatchObject({ rank: 1, article: { id: published.id } });
    const inCategory = await getJson(`/api/v1/hot?category=${published.category}`);
    expect(inCategory.body.items!.every((i) => ((i.article as { category: { slug: string } }).category.slug === published.category))).toBe(true);
  });

  it('searches, and refuses a missing or overlong query with a catalogue code', async () => {
    const { body } = await getJson(`/api/v1/search?q=${encodeURIComponent(published.term)}`);
    expect(body.query).toBe(published.term);
    expect(body.items!.map((i) => i.id)).toContain(published.id);
    expect((await getJson('/api/v1/search')).body).toEqual({ error: { code: 'API_BAD_REQUEST', message: 'invalid request parameter: q is required' } });
    expect((await getJson(`/api/v1/search?q=${'长'.repeat(201)}`)).res.status).toBe(400);
    expect((await getJson('/api/v1/search?q=x&page=abc')).res.status).toBe(400);
  });

  it('answers JSON 404 for unknown endpoints, lets any origin read it, and caches with an ETag', async () => {
    const unknown = await getJson('/api/v1/nothing-here');
    expect(unknown.res.status).toBe(404);
    expect((unknown.body.error as { code: string }).code).toBe('NOT_FOUND');

    const res = await site.app.request('/api/v1/categories', { headers: { Origin: 'https://elsewhere.example' } });
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('cache-control')).toBe('public, max-age=30');
    const tag = res.headers.get('etag')!;
    expect(tag).toBeTruthy();
    expect((await site.app.request('/api/v1/categories', { headers: { 'If-None-Match': tag } })).status).toBe(304);

    const preflight = await site.app.request('/api/v1/articles', {
      method: 'OPTIONS',
      headers: { Origin: 'https://elsewhere.example', 'Access-Control-Request-Method': 'GET' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-methods')).toContain('GET');
    expect(preflight.headers.get('access-control-allow-methods')).not.toContain('POST');
    expect((await site.app.request('/api/v1/articles', { method: 'POST' })).status).toBe(404);
  });
});
