/**
 * The OpenAPI 3.1 description of /api/v1. Tests validate it and check every path and
 * response against it, so it cannot drift from what the routes answer.
 */
const str = { type: 'string' } as const;
const int = { type: 'integer' } as const;
const url = { type: 'string', format: 'uri' } as const;
const time = { type: 'string', format: 'date-time' } as const;
const nullable = (schema: object) => ({ oneOf: [schema, { type: 'null' }] });
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: object, description: string) => ({ description, content: { 'application/json': { schema } } });
const error = (description: string) => json(ref('Error'), description);

const pageParam = {
  name: 'page',
  in: 'query',
  required: false,
  description: 'Page number, from 1 (20 items a page).',
  schema: { type: 'integer', minimum: 1 },
};
const categoryParam = (description: string) => ({ name: 'category', in: 'query', required: false, description, schema: str });
const idParam = (what: string) => ({ name: 'id', in: 'path', required: true, description: `The ${what}'s id.`, schema: { type: 'integer', minimum: 1 } });

const paging = {
  page: { ...int, minimum: 1 },
  per_page: { ...int, minimum: 1 },
  pages: { ...int, minimum: 1 },
  total: { ...int, minimum: 0 },
};

const schemas = {
  Error: {
    type: 'object',
    required: ['error'],
    properties: {
      error: {
        type: 'object',
        required: ['code', 'message'],
        properties: {
          code: { ...str, description: 'A stable code from the error catalogue, e.g. NOT_FOUND, GONE, CATEGORY_UNKNOWN, API_BAD_REQUEST.' },
          message: str,
        },
      },
    },
  },
  ArticleItem: {
    type: 'object',
    required: ['id', 'title', 'summary', 'url', 'published_at', 'views', 'story_id', 'source', 'category', 'image'],
    properties: {
      id: int,
      title: { ...str, description: 'Plain text, not HTML.' },
      summary: { ...str, description: 'A plain-text excerpt.' },
      url: { ...url, description: 'The article page on this site.' },
      published_at: time,
      views: { ...int, minimum: 0 },
      story_id: nullable(int),
      source: {
        type: 'object',
        required: ['slug', 'name', 'url'],
        properties: { slug: str, name: str, url: { ...url, description: "The source's page on this site." } },
      },
      category: nullable({ type: 'object', required: ['slug', 'name'], properties: { slug: str, name: str } }),
      image: nullable({ ...url, description: 'The lead image, served through this site.' }),
    },
  },
  Article: {
    allOf: [
      ref('ArticleItem'),
      {
        type: 'object',
        required: ['author', 'original_url', 'coverage'],
        properties: {
          author: nullable(str),
          original_url: { ...url, description: 'The article on its source’s site.' },
          coverage: { ...int, minimum: 0, description: 'How many published articles carry its story (0 when it is in none).' },
        },
      },
    ],
  },
  ArticlePage: {
    type: 'object',
    required: ['items', 'page', 'per_page', 'pages', 'total'],
    properties: { items: { type: 'array', items: ref('ArticleItem') }, ...paging },
  },
  Story: {
    type: 'object',
    required: ['id', 'title', 'url', 'article_count', 'media', 'articles'],
    properties: {
      id: int,
      title: str,
      url: url,
      article_count: { ...int, minimum: 1 },
      media: { ...int, minimum: 1, description: 'How many sources carry it.' },
      articles: { type: 'array', items: ref('ArticleItem'), description: 'The original first.' },
    },
  },
  Category: {
    type: 'object',
    required: ['slug', 'name', 'url', 'feeds'],
    properties: {
      slug: str,
      name: str,
      url: url,
      feeds: { type: 'object', required: ['rss', 'atom', 'json'], properties: { rss: url, atom: url, json: url } },
    },
  },
  CategoryList: { type: 'object', required: ['items'], properties: { items: { type: 'array', items: ref('Category') } } },
  HotList: {
    type: 'object',
    required: ['items'],
    properties: {
      items: {
        type: 'array',
        items: {
          type: 'object',
          required: ['rank', 'score', 'media', 'article'],
          properties: { rank: { ...int, minimum: 1 }, score: { type: 'number' }, media: { ...int, minimum: 1 }, article: ref('ArticleItem') },
        },
      },
    },
  },
  SearchPage: {
    type: 'object',
    required: ['query', 'items', 'page', 'per_page', 'pages', 'total'],
    properties: {
      query: str,
      items: {
        type: 'array',
        items: {
          allOf: [
            ref('ArticleItem'),
            { type: 'object', required: ['snippet_html'], properties: { snippet_html: { ...str, description: 'Escaped text with the matched terms in <mark>.' } } },
          ],
        },
      },
      ...paging,
    },
  },
};

export function openApiDocument(siteUrl: string) {
  return {
    openapi: '3.1.0',
    info: {
      title: 'Redian API',
      version: '1.0.0',
      description:
        'Read-only access to the published articles, stories, categories, hot list and search of a Redian site. ' +
        'Any origin may call it (CORS, GET only). Articles carry a plain-text summary and links to this site and to the original, never the body.',
      license: { name: 'MIT', identifier: 'MIT' },
    },
    servers: [{ url: `${siteUrl}/api/v1` }],
    paths: {
      '/articles': {
        get: {
          operationId: 'listArticles',
          summary: 'Published articles, newest first',
          parameters: [categoryParam('Only this category (its slug).'), { name: 'source', in: 'query', required: false, description: 'Only this source (its slug).', schema: str }, pageParam],
          responses: {
            '200': json(ref('ArticlePage'), 'A page of articles'),
            '400': error('Bad page number, or unknown category'),
            '404': error('Unknown source'),
          },
        },
      },
      '/articles/{id}': {
        get: {
          operationId: 'getArticle',
          summary: 'One published article',
          parameters: [idParam('article')],
          responses: {
            '200': json(ref('Article'), 'The article'),
            '404': error('No such article, or hidden'),
            '410': error('Taken down at the rights holder’s request'),
          },
        },
      },
      '/stories/{id}': {
        get: {
          operationId: 'getStory',
          summary: 'A story and every published article carrying it',
          parameters: [idParam('story')],
          responses: { '200': json(ref('Story'), 'The story'), '404': error('No such story, or none of its articles is published') },
        },
      },
      '/categories': {
        get: {
          operationId: 'listCategories',
          summary: 'Every category, in tab order',
          responses: { '200': json(ref('CategoryList'), 'The categories') },
        },
      },
      '/hot': {
        get: {
          operationId: 'listHot',
          summary: 'What is hot now: stories by read velocity and coverage, one article each',
          parameters: [categoryParam('Only this category (its slug).')],
          responses: { '200': json(ref('HotList'), 'Up to 20 stories, hottest first'), '400': error('Unknown category') },
        },
      },
      '/search': {
        get: {
          operationId: 'search',
          summary: 'Full-text search over published articles, by relevance and recency',
          parameters: [{ name: 'q', in: 'query', required: true, description: 'The query (up to 200 characters).', schema: { ...str, minLength: 1, maxLength: 200 } }, pageParam],
          responses: { '200': json(ref('SearchPage'), 'A page of results'), '400': error('Missing or too long query, or bad page number') },
        },
      },
      '/openapi.json': {
        get: {
          operationId: 'getOpenApi',
          summary: 'This document',
          responses: { '200': { description: 'The OpenAPI document', content: { 'application/json': { schema: { type: 'object' } } } } },
        },
      },
    },
    components: { schemas },
  };
}
