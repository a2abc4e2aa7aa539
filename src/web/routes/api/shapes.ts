import type { ArticleCard } from '../../../store/repos/index.js';
import type { Category } from '../../../store/schema.js';
import { FEED_FILES } from '../feeds/build.js';

/**
 * The JSON the API answers with. Times are ISO 8601 strings in UTC, URLs absolute; the
 * OpenAPI document (openapi.ts) describes the same shapes.
 */
export interface ApiArticleItem {
  id: number;
  title: string;
  summary: string;
  url: string;
  published_at: string;
  views: number;
  story_id: number | null;
  source: { slug: string; name: string; url: string };
  category: { slug: string; name: string } | null;
  image: string | null;
}

export interface ApiCategory {
  slug: string;
  name: string;
  url: string;
  feeds: { rss: string; atom: string; json: string };
}

export interface ShapeContext {
  siteUrl: string;
  categories: Map<number, Category>;
  /** Our URL of another site's image (the signed /img/ proxy). */
  imageSrc(url: string): string;
}

export function absolute(siteUrl: string, pathOrUrl: string): string {
  return /^https?:\/\//.test(pathOrUrl) ? pathOrUrl : `${siteUrl}${pathOrUrl}`;
}

export function articleItem(card: ArticleCard, ctx: ShapeContext): ApiArticleItem {
  const category = card.category_id === null ? undefined : ctx.categories.get(card.category_id);
  return {
    id: card.id,
    title: card.title,
    summary: card.summary,
    url: `${ctx.siteUrl}/a/${card.id}`,
    published_at: new Date(card.published_at).toISOString(),
    views: Number(card.view_count),
    story_id: card.story_id,
    source: { slug: card.source_slug, name: card.source_name, url: `${ctx.siteUrl}/s/${encodeURIComponent(card.source_slug)}` },
    category: category ? { slug: category.slug, name: category.name } : null,
    image: card.lead_image ? absolute(ctx.siteUrl, ctx.imageSrc(card.lead_image)) : null,
  };
}

export function categoryItem(category: Category, siteUrl: string): ApiCategory {
  const base = `${siteUrl}/c/${encodeURIComponent(category.slug)}`;
  return {
    slug: category.slug,
    name: category.name,
    url: base,
    feeds: { rss: `${base}/${FEED_FILES.rss.file}`, atom: `${base}/${FEED_FILES.atom.file}`, json: `${base}/${FEED_FILES.json.file}` },
  };
}
