import { z } from 'zod';

/** Field limits of the public form: generous for people, small for abuse. */
export const TAKEDOWN_LIMITS = {
  claimant: 100,
  organisation: 200,
  email: 254,
  urls: 20,
  urlLength: 500,
  work: 4000,
} as const;

/** The form fields as typed (strings), kept to show them again when the form is refused. */
export interface TakedownFormValues {
  claimant: string;
  organisation: string;
  email: string;
  urls: string;
  work: string;
  good_faith: boolean;
}

export const EMPTY_TAKEDOWN_FORM: TakedownFormValues = { claimant: '', organisation: '', email: '', urls: '', work: '', good_faith: false };

/** A valid request: the article ids its URLs name on this site. */
export interface TakedownClaim {
  claimant: string;
  organisation: string | null;
  email: string;
  /** The URLs as typed (trimmed), one per article. */
  urls: string[];
  articleIds: number[];
  work: string;
}

/** A refused form: which field and why, in words for the claimant. */
export interface TakedownFieldError {
  field: keyof TakedownFormValues;
  message: string;
}

const Schema = z.object({
  claimant: z.string().trim().min(1, '请填写权利人姓名或名称').max(TAKEDOWN_LIMITS.claimant, `权利人：最多 ${TAKEDOWN_LIMITS.claimant} 字`),
  organisation: z.string().trim().max(TAKEDOWN_LIMITS.organisation, `单位：最多 ${TAKEDOWN_LIMITS.organisation} 字`),
  email: z.string().trim().max(TAKEDOWN_LIMITS.email, '邮箱地址过长').pipe(z.email('请填写有效的邮箱地址')),
  urls: z.string().max(TAKEDOWN_LIMITS.urls * (TAKEDOWN_LIMITS.urlLength + 2), '链接过多'),
  work: z.string().trim().min(10, '请说明被侵权的作品（至少 10 字）').max(TAKEDOWN_LIMITS.work, `侵权说明：最多 ${TAKEDOWN_LIMITS.work} 字`),
  good_faith: z.literal(true, '请确认善意声明'),
});

/**
 * Checks a takedown form. Every URL must be an article page of this site (its host and
 * an /a/:id path): a request about another site's page is not ours to act on.
 */
export function checkTakedownForm(values: TakedownFormValues, siteUrl: string): { claim: TakedownClaim } | { errors: TakedownFieldError[] } {
  const errors: TakedownFieldError[] = [];
  const parsed = Schema.safeParse(values);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = issue.path[0] as keyof TakedownFormValues;
      if (!errors.some((e) => e.field === field)) errors.push({ field, message: issue.message });
    }
  }
  const lines = values.urls
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
  const articleIds: number[] = [];
  if (!errors.some((e) => e.field === 'urls')) {
    if (lines.length === 0) errors.push({ field: 'urls', message: '请至少填写一个本站文章链接' });
    else if (lines.length > TAKEDOWN_LIMITS.urls) errors.push({ field: 'urls', message: `一次最多 ${TAKEDOWN_LIMITS.urls} 个链接` });
    else {
      for (const line of lines) {
        const id = articleIdOf(line, siteUrl);
        if (typeof id === 'string') {
          errors.push({ field: 'urls', message: `${line.slice(0, 120)}：${id}` });
          break;
        }
        if (!articleIds.includes(id)) articleIds.push(id);
      }
    }
  }
  if (errors.length || !parsed.success) return { errors };
  const d = parsed.data;
  return {
    claim: { claimant: d.claimant, organisation: d.organisation || null, email: d.email, urls: lines, articleIds, work: d.work },
  };
}

/** The article id an URL of this site names, or why it names none. */
export function articleIdOf(raw: string, siteUrl: string): number | string {
  if (raw.length > TAKEDOWN_LIMITS.urlLength) return '链接过长';
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return '不是完整的网址（应以 http:// 或 https:// 开头）';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return `只接受 http(s) 链接，不接受 ${url.protocol}`;
  const site = new URL(siteUrl);
  if (url.host !== site.host) return `不是本站链接（本站为 ${site.host}）`;
  const m = /^\/a\/([1-9]\d{0,9})\/?$/.exec(url.pathname);
  if (!m || Number(m[1]) > 2 ** 31 - 1) return '不是本站文章页链接（应为 /a/编号）';
  return Number(m[1]);
}

/** Article ids named by stored URL lines (the site URL may have changed: any host, /a/:id path). */
export function storedArticleIds(urls: string): number[] {
  const ids = new Set<number>();
  for (const line of urls.split('\n')) {
    try {
      const m = /^\/a\/([1-9]\d{0,9})\/?$/.exec(new URL(line.trim()).pathname);
      if (m) ids.add(Number(m[1]));
    } catch {
      // Stored lines were checked at submission; nothing else to find in one that no longer parses.
    }
  }
  return [...ids];
}
