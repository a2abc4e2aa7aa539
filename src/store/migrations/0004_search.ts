import { type Kysely, sql } from 'kysely';
import type { DialectName } from '../db.js';

/**
 * The full-text search index (src/search/): jieba-segmented title and body per published
 * article. SQLite: an FTS5 table, contentless (snippets come from the article's own text,
 * so the segmented text is not stored twice) with contentless_delete so entries can be
 * replaced and removed. PostgreSQL: a tsvector per article with a GIN index.
 * On both, the entry goes when its article is deleted or stops being published, whoever
 * changes it: a trigger (SQLite, PostgreSQL) or the foreign key (PostgreSQL).
 */
// Migrations see the schema as it was then, not today's DB type.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>, dialect: DialectName): Promise<void> {
  if (dialect === 'postgres') {
    await db.schema
      .createTable('search_documents')
      .addColumn('article_id', 'integer', (c) => c.primaryKey().references('articles.id').onDelete('cascade'))
      .addColumn('document', sql`tsvector`, (c) => c.notNull())
      .execute();
    await sql`create index search_documents_document on search_documents using gin (document)`.execute(db);
    await sql`
      create function search_forget_unpublished() returns trigger language plpgsql as $$
      begin
        delete from search_documents where article_id = new.id;
        return null;
      end $$`.execute(db);
    await sql`
      create trigger articles_search_unpublished after update of status on articles
      for each row when (new.status <> 'published') execute function search_forget_unpublished()`.execute(db);
    return;
  }
  // unicode61 splits on the spaces between segmented terms (normalization already turned
  // punctuation into spaces) and folds case; detail=full keeps positions, so a term that
  // the tokenizer splits further (a word with combining marks) still matches as a phrase.
  await sql`
    create virtual table search_fts using fts5(
      title, body, content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 0'
    )`.execute(db);
  await sql`
    create trigger articles_search_deleted after delete on articles
    begin delete from search_fts where rowid = old.id; end`.execute(db);
  await sql`
    create trigger articles_search_unpublished after update of status on articles
    when new.status <> 'published'
    begin delete from search_fts where rowid = new.id; end`.execute(db);
}
