import { generateOpml, parseOpml } from 'feedsmith';
import { describeError, RedianError } from '../errors.js';
import type { Category, Source } from '../store/schema.js';
import type { SourceService } from './sources.js';

interface Outline {
  text?: string;
  title?: string;
  xmlUrl?: string;
  htmlUrl?: string;
  category?: string;
  outlines?: Outline[];
}

export interface OpmlImport {
  added: Source[];
  /** Feeds not added, each with the reason (already there, bad URL, unknown category…). */
  skipped: Array<{ feedUrl: string; reason: string }>;
}

/**
 * Adds every feed of an OPML file. A feed's category comes from its `category` attribute
 * or from the folder (parent outline) it sits in, matched by slug or name; folders that
 * match no category leave the feed unfiled rather than refusing it.
 */
export async function importOpml(sources: SourceService, text: string): Promise<OpmlImport> {
  let outlines: Outline[];
  try {
    outlines = (parseOpml(text) as { body?: { outlines?: Outline[] } }).body?.outlines ?? [];
  } catch (err) {
    throw new RedianError('OPML_INVALID', (err as Error).message, { cause: err });
  }
  const result: OpmlImport = { added: [], skipped: [] };
  const visit = async (list: Outline[], folder: string | undefined) => {
    for (const o of list) {
      if (!o.xmlUrl) {
        await visit(o.outlines ?? [], o.text ?? o.title ?? folder);
        continue;
      }
      try {
        const category = await firstCategory(sources, [o.category?.split(',')[0], folder]);
        result.added.push(await sources.add({ feedUrl: o.xmlUrl, name: o.title ?? o.text ?? o.xmlUrl, siteUrl: o.htmlUrl, category }));
      } catch (err) {
        result.skipped.push({ feedUrl: o.xmlUrl, reason: describeError(err) });
      }
    }
  };
  await visit(outlines, undefined);
  return result;
}

async function firstCategory(sources: SourceService, candidates: Array<string | undefined>): Promise<string | undefined> {
  for (const c of candidates) {
    if (!c?.trim()) continue;
    try {
      await sources.categoryId(c);
      return c;
    } catch {
      // Not one of ours: try the next candidate.
    }
  }
  return undefined;
}

/** Every source with a feed, in one folder per category. */
export function exportOpml(sources: Source[], categories: Category[], title: string, now = new Date()): string {
  const outline = (s: Source) => ({ text: s.name, title: s.name, type: 'rss', xmlUrl: s.feed_url!, htmlUrl: s.site_url ?? undefined });
  const withFeed = sources.filter((s) => s.feed_url);
  const folders = categories
    .map((c) => ({ text: c.name, title: c.name, outlines: withFeed.filter((s) => s.category_id === c.id).map(outline) }))
    .filter((f) => f.outlines.length > 0);
  const unfiled = withFeed.filter((s) => !categories.some((c) => c.id === s.category_id)).map(outline);
  return generateOpml({ head: { title, dateCreated: now }, body: { outlines: [...folders, ...unfiled] } });
}
