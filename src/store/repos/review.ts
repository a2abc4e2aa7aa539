import type { Kysely } from 'kysely';
import type { Reason } from '../../filters/types.js';
import type { HeldArticle, HeldArticleDetail } from '../../review/types.js';
import type { DB } from '../schema.js';

/** What an editor's edit of a held article writes (already sanitized and derived). */
export interface HeldArticleEdit {
  title: string;
  content_html: string;
  content_text: string;
  summary: string;
  lead_image: string | null;
}

/** What a queue row shows (articles joined with sources, left-joined with article_holds). */
const HELD_COLUMNS = [
  'articles.id',
  'articles.title',
  'articles.source_id',
  'sources.name as source_name',
  'articles.url',
  'articles.summary',
  'articles.content_text',
  'articles.created_at',
  'article_holds.held_at',
  'article_holds.reasons_json',
] as const;

function heldArticle(r: {
  id: number;
  title: string;
  source_id: number;
  source_name: string;
  url: string;
  summary: string;
  content_text: string;
  created_at: number;
  held_at: number | null;
  reasons_json: string | null;
}): HeldArticle {
  return {
    id: r.id,
    title: r.title,
    sourceId: r.source_id,
    sourceName: r.source_name,
    url: r.url,
    summary: r.summary,
    text: r.content_text,
    // A held article without its hold row (a crash between the two writes) still waits.
    heldAt: Number(r.held_at ?? r.created_at),
    reasons: r.reasons_json ? (JSON.parse(r.reasons_json) as Reason[]) : [],
  };
}

/** The review queue: articles stored with status 'held', and why each waits (article_holds). */
export class ReviewRepo {
  constructor(private readonly db: Kysely<DB>) {}

  /** Records why these just-stored articles wait. */
  async hold(rows: Array<{ articleId: number; reasons: Reason[] }>, now: number): Promise<void> {
    if (rows.length === 0) return;
    await this.db
      .insertInto('article_holds')
      .values(rows.map((r) => ({ article_id: r.articleId, reasons_json: JSON.stringify(r.reasons), held_at: now })))
      .onConflict((oc) => oc.column('article_id').doNothing())
      .execute();
  }

  /** Held articles, longest waiting first. */
  async page(limit: number, offset: number, sourceId?: number): Promise<HeldArticle[]> {
    const rows = await this.queueQuery(sourceId)
      .select(HELD_COLUMNS)
      .orderBy('article_holds.held_at')
      .orderBy('articles.id')
      .limit(limit)
      .offset(offset)
      .execute();
    return rows.map(heldArticle);
  }

  async count(sourceId?: number): Promise<number> {
    const row = await this.queueQuery(sourceId)
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /** Any article with its hold reasons (if it has any): the service checks the status. */
  async detail(id: number): Promise<(HeldArticleDetail & { status: string }) | undefined> {
    const r = await this.db
      .selectFrom('articles')
      .innerJoin('sources', 'sources.id', 'articles.source_id')
      .leftJoin('article_holds', 'article_holds.article_id', 'articles.id')
      .select([...HELD_COLUMNS, 'articles.status', 'articles.author', 'articles.content_html'])
      .where('articles.id', '=', id)
      .executeTakeFirst();
    if (!r) return undefined;
    return { ...heldArticle(r), status: r.status, author: r.author, contentHtml: r.content_html };
  }

  /**
   * Moves these held articles to `status` and drops their hold rows, all or none: when any
   * of them is not held (any more), nothing changes and the ids not held are returned.
   */
  async decide(ids: number[], status: 'published' | 'rejected'): Promise<{ notHeld: number[] }> {
    const unique = [...new Set(ids)];
    return this.db.transaction().execute(async (trx) => {
      const held = new Set(
        (await trx.selectFrom('articles').select('id').where('id', 'in', unique).where('status', '=', 'held').execute()).map((r) => r.id),
      );
      const notHeld = unique.filter((id) => !held.has(id));
      if (notHeld.length > 0) return { notHeld };
      await trx.updateTable('articles').set({ status }).where('id', 'in', unique).where('status', '=', 'held').execute();
      await trx.deleteFrom('article_holds').where('article_id', 'in', unique).execute();
      return { notHeld: [] };
    });
  }

  /** Changes a held article's title and content; false when it is not held (any more). */
  async edit(id: number, edit: HeldArticleEdit): Promise<boolean> {
    const res = await this.db.updateTable('articles').set(edit).where('id', '=', id).where('status', '=', 'held').executeTakeFirst();
    return Number(res.numUpdatedRows) > 0;
  }

  private queueQuery(sourceId: number | undefined) {
    let q = this.db
      .selectFrom('articles')
      .innerJoin('sources', 'sources.id', 'articles.source_id')
      .leftJoin('article_holds', 'article_holds.article_id', 'articles.id')
      .where('articles.status', '=', 'held');
    if (sourceId !== undefined) q = q.where('articles.source_id', '=', sourceId);
    return q;
  }
}
