import type { Reason } from '../filters/types.js';

/** An item waiting in the review queue: stored with status 'held', in no public list until approved. */
export interface HeldArticle {
  id: number;
  title: string;
  sourceId: number;
  sourceName: string;
  url: string;
  summary: string;
  /** The plain text, for the queue's excerpt around the first matched word. */
  text: string;
  heldAt: number;
  reasons: Reason[];
}

export interface HeldArticleDetail extends HeldArticle {
  author: string | null;
  contentHtml: string;
}

export interface ReviewPage {
  rows: HeldArticle[];
  total: number;
  page: number;
  hasNext: boolean;
}

/** An editor's edit before approving: the content is sanitized again before it is stored. */
export interface ReviewEdit {
  title: string;
  contentHtml: string;
}
