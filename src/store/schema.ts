import type { Generated, Insertable, Selectable, Updateable } from 'kysely';

/**
 * Table types shared by both dialects. Times are epoch milliseconds and flags are 0/1
 * integers, so the same rows and queries work on SQLite and PostgreSQL alike.
 */
export interface CategoryTable {
  id: Generated<number>;
  slug: string;
  name: string;
  position: number;
}

export type SourcePolicy = 'full' | 'excerpt';

export interface SourceTable {
  id: Generated<number>;
  slug: string;
  name: string;
  site_url: string | null;
  feed_url: string | null;
  category_id: number | null;
  policy: SourcePolicy;
  enabled: number;
  is_demo: number;
  created_at: number;
  fetch_interval_minutes: Generated<number>;
  /** CSS selector of the article body on the source's pages, when Readability gets it wrong. */
  content_selector: string | null;
  respect_robots: Generated<number>;
  next_fetch_at: Generated<number>;
  last_fetched_at: number | null;
  last_success_at: number | null;
  last_error: string | null;
  error_count: Generated<number>;
  etag: string | null;
  last_modified: string | null;
  lease_owner: string | null;
  lease_until: number | null;
  /** 1: articles that neither the source nor their feed item files go to the text classifier (migration 0008). */
  auto_category: Generated<number>;
  /** 1: new articles wait in the review queue (status 'held') until an editor approves them (migration 0009). */
  requires_review: Generated<number>;
}

export interface StoryTable {
  id: Generated<number>;
  title: string;
  original_article_id: number | null;
  article_count: number;
  created_at: number;
  updated_at: number;
}

/** held: waiting in the review queue; rejected: refused in review, kept so the next fetch does not store it again. */
export type ArticleStatus = 'published' | 'hidden' | 'taken_down' | 'held' | 'rejected';

export interface ArticleTable {
  id: Generated<number>;
  source_id: number;
  story_id: number | null;
  category_id: number | null;
  guid: string;
  url: string;
  title: string;
  author: string | null;
  summary: string;
  /** Sanitized HTML: the sanitizer ran before this was stored. */
  content_html: string;
  content_text: string;
  lead_image: string | null;
  published_at: number;
  created_at: number;
  status: Generated<ArticleStatus>;
  featured: Generated<number>;
  is_demo: Generated<number>;
}

/** One row per article, written with the article: its read count. */
export interface ArticleStatsTable {
  article_id: number;
  view_count: number;
}

/** URLs never stored again (filled from accepted takedowns). */
export interface BlockedUrlTable {
  url: string;
  reason: string;
  created_at: number;
}

export interface SettingTable {
  key: string;
  value: string;
  updated_at: number;
}

export interface AdSlotTable {
  id: Generated<number>;
  key: string;
  name: string;
  enabled: number;
  /** Feed slots: an ad card after every N list items (null for other slots). */
  every_n: number | null;
}

export interface AdTable {
  id: Generated<number>;
  slot_id: number;
  title: string;
  body_text: string | null;
  image_url: string | null;
  link_url: string;
  starts_at: number | null;
  ends_at: number | null;
  weight: number;
  enabled: number;
  is_demo: number;
  created_at: number;
  kind: Generated<AdKind>;
  /** An html ad's snippet, served only inside a sandboxed frame (see src/ads/). */
  html: string | null;
  /** Most impressions per reader per day; null for no cap. */
  freq_cap: number | null;
  updated_at: number | null;
}

export type AdKind = 'image' | 'text' | 'html';

/** An ad with rows here shows only on pages of these categories; with none, on every page. */
export interface AdCategoryTable {
  ad_id: number;
  category_id: number;
}

/** Served, clicked and closed counts per ad and Beijing-time day (see src/ads/day.ts). */
export interface AdDailyTable {
  ad_id: number;
  day: number;
  impressions: number;
  clicks: number;
  closes: number;
}

export type MailStatus = 'pending' | 'sent' | 'failed';

/** Outgoing mail, written with the decision that causes it and sent by the outbox worker. */
export interface MailOutboxTable {
  id: Generated<number>;
  to_addr: string;
  subject: string;
  body: string;
  status: Generated<MailStatus>;
  attempts: Generated<number>;
  next_attempt_at: number;
  last_error: string | null;
  takedown_id: number | null;
  created_at: number;
  sent_at: number | null;
}

export type TakedownStatus = 'pending' | 'accepted' | 'rejected';

export interface TakedownRequestTable {
  id: Generated<number>;
  reference: string;
  claimant: string;
  organisation: string | null;
  email: string;
  /** One article URL per line. */
  urls: string;
  work_description: string;
  good_faith: number;
  status: TakedownStatus;
  decision_reason: string | null;
  created_at: number;
  decided_at: number | null;
  /** How far an accepted request reached. */
  scope: TakedownScope | null;
  decided_by: string | null;
}

export type TakedownScope = 'article' | 'story' | 'source';

/** In how many stored articles a term occurs (the DF of TF-IDF). */
export interface TermDfTable {
  term: string;
  df: number;
}

/** Corpus-wide counters: 'documents' counts the articles term_df was computed over. */
export interface TextCounterTable {
  name: string;
  value: number;
}

export interface ArticleKeywordTable {
  article_id: number;
  term: string;
  weight: number;
}

/** Near-duplicate fingerprints of an article's text (see src/text/simhash.ts). */
export interface ArticleFingerprintTable {
  article_id: number;
  /** 64-bit SimHash as 16 lower-case hex digits. */
  simhash: string;
  /** The SimHash's four 16-bit bands, high to low. */
  band0: number;
  band1: number;
  band2: number;
  band3: number;
  /** sha256 hex of the normalized text. */
  content_hash: string;
}

/** One long paragraph of an article (migration 0010; src/text/paragraphs.ts). */
export interface ArticleParagraphTable {
  article_id: number;
  /** First 64 bits of the sha256 of the normalized paragraph, as 16 lower-case hex digits. */
  hash: string;
  /** How many long paragraphs the article has (the same on each of its rows). */
  paragraphs: number;
}

/** Per visitor and article: when it was last read (see migration 0005). */
export interface VisitorReadTable {
  visitor_id: string;
  article_id: number;
  read_at: number;
}

/** Counted reads of an article in one hour (hour = floor(epoch ms / 3,600,000)). */
export interface ArticleViewHourTable {
  article_id: number;
  hour: number;
  views: number;
}

/** A batch of counted reads stored under this id (see migration 0005). */
export interface ViewFlushTable {
  flush_id: string;
  applied_at: number;
}

/** One editorial, ad or rights decision. before/after are JSON (null when there is no such side). */
export interface AuditLogTable {
  id: Generated<number>;
  at: number;
  actor: string;
  action: string;
  target: string;
  before_json: string | null;
  after_json: string | null;
}

export type AdminRole = 'admin' | 'editor';

/** A console account (see migration 0006). */
export interface AdminUserTable {
  id: Generated<number>;
  /** Lower-case. */
  username: string;
  /** argon2id, PHC string. */
  password_hash: string;
  role: AdminRole;
  disabled: Generated<number>;
  created_at: number;
  last_login_at: number | null;
}

/** A signed-in console session; the cookie carries the token, the table only its sha256. */
export interface AdminSessionTable {
  token_hash: string;
  user_id: number;
  /** The synchronizer token every console form must send back. */
  csrf_token: string;
  created_at: number;
  expires_at: number;
}

/** Failed logins per "user:<name>" or "ip:<address>" within the current window. */
export interface LoginThrottleTable {
  key: string;
  failures: number;
  window_start: number;
  locked_until: number | null;
}

/**
 * SQLite only: the FTS5 search index (migration 0004), contentless, rowid = article id.
 * Written and read with raw SQL in src/search/fts5.ts; columns read back as NULL.
 */
export interface SearchFtsTable {
  rowid: number;
  title: string;
  body: string;
}

/** PostgreSQL only: one tsvector per published article (migration 0004, src/search/postgres.ts). */
export interface SearchDocumentTable {
  article_id: number;
  document: string;
}

/** An editor's filter rule (migration 0009; see src/filters/types.ts). source_id null: every source. */
export interface FilterRuleTable {
  id: Generated<number>;
  source_id: number | null;
  action: string;
  field: string;
  match: string;
  pattern: string;
  note: string;
  ignore_case: number;
  enabled: number;
  created_at: number;
  updated_at: number;
}

/** 旧词 → 新词 (migration 0009). */
export interface WordReplacementTable {
  id: Generated<number>;
  source_id: number | null;
  find: string;
  replace: string;
  enabled: number;
  created_at: number;
  updated_at: number;
}

/** A sensitive-word list; `words` newline-joined (migration 0009). */
export interface SensitiveListTable {
  id: Generated<number>;
  name: string;
  action: string;
  enabled: number;
  words: string;
  word_count: number;
  created_at: number;
  updated_at: number;
}

/** Why a held article waits for review: Reason[] as JSON. */
export interface ArticleHoldTable {
  article_id: number;
  reasons_json: string;
  held_at: number;
}

/** A feed item the rules dropped; cleared whenever a rule, list or replacement changes. */
export interface FilteredItemTable {
  source_id: number;
  url: string;
  guid: string;
  title: string;
  reasons_json: string;
  created_at: number;
}

export interface DB {
  categories: CategoryTable;
  sources: SourceTable;
  stories: StoryTable;
  articles: ArticleTable;
  article_stats: ArticleStatsTable;
  settings: SettingTable;
  blocked_urls: BlockedUrlTable;
  ad_slots: AdSlotTable;
  ads: AdTable;
  ad_categories: AdCategoryTable;
  ad_daily: AdDailyTable;
  mail_outbox: MailOutboxTable;
  takedown_requests: TakedownRequestTable;
  term_df: TermDfTable;
  text_counters: TextCounterTable;
  article_keywords: ArticleKeywordTable;
  article_fingerprints: ArticleFingerprintTable;
  article_paragraphs: ArticleParagraphTable;
  visitor_reads: VisitorReadTable;
  article_view_hours: ArticleViewHourTable;
  view_flushes: ViewFlushTable;
  audit_log: AuditLogTable;
  search_fts: SearchFtsTable;
  search_documents: SearchDocumentTable;
  admin_users: AdminUserTable;
  admin_sessions: AdminSessionTable;
  login_throttle: LoginThrottleTable;
  filter_rules: FilterRuleTable;
  word_replacements: WordReplacementTable;
  sensitive_lists: SensitiveListTable;
  article_holds: ArticleHoldTable;
  filtered_items: FilteredItemTable;
}

export type Category = Selectable<CategoryTable>;
export type Source = Selectable<SourceTable>;
export type NewSource = Insertable<SourceTable>;
export type Story = Selectable<StoryTable>;
export type Article = Selectable<ArticleTable>;
export type NewArticle = Insertable<ArticleTable>;
export type ArticleUpdate = Updateable<ArticleTable>;
export type AdSlot = Selectable<AdSlotTable>;
export type Ad = Selectable<AdTable>;
export type NewAd = Insertable<AdTable>;
export type AdDaily = Selectable<AdDailyTable>;
export type TakedownRequest = Selectable<TakedownRequestTable>;
export type NewTakedownRequest = Insertable<TakedownRequestTable>;
export type OutboxMail = Selectable<MailOutboxTable>;
export type ArticleKeyword = Selectable<ArticleKeywordTable>;
export type ArticleFingerprint = Selectable<ArticleFingerprintTable>;
export type ArticleParagraph = Selectable<ArticleParagraphTable>;
export type AuditEntry = Selectable<AuditLogTable>;
export type AdminUser = Selectable<AdminUserTable>;
