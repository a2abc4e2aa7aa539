import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { RedianError } from '../../../errors.js';
import type { WebDeps } from '../../context.js';
import { AdminMessage, type AdminEnv, renderAdmin } from './shell.js';

/**
 * Runs a console action: on success a redirect (POST, then GET), on an error raised on
 * purpose (bad input, unknown id, a conflict) a page saying what went wrong; anything
 * else goes on to the app's 500 page.
 */
export async function runAction(
  c: Context<AdminEnv>,
  deps: WebDeps,
  meta: { section: string; back: string },
  action: () => Promise<string>,
): Promise<Response> {
  try {
    return c.redirect(await action(), 303);
  } catch (err) {
    if (!(err instanceof RedianError) || err.status >= 500) throw err;
    return renderAdmin(
      c,
      deps,
      { title: '操作未完成', section: meta.section },
      <AdminMessage title="操作未完成" message={err.message} back={{ href: meta.back, label: '返回' }} />,
      err.status as ContentfulStatusCode,
    );
  }
}

/** Success messages by key: a redirect names one, so no text from a URL reaches the page. */
export const DONE: Record<string, string> = {
  saved: '已保存。',
  added: '已添加。',
  hidden: '已隐藏。',
  unhidden: '已恢复显示。',
  featured: '已设为精选。',
  unfeatured: '已取消精选。',
  deleted: '已删除。',
  enabled: '已启用。',
  disabled: '已停用。',
  fetched: '已抓取，结果见下方。',
  moved: '顺序已调整。',
};

/** The success line for a `?done=` key, if it is one. */
export const doneText = (key: string | undefined) => (key ? DONE[key] : undefined);

/** A request's query minus one key, to rebuild links. */
export function withQuery(path: string, params: Record<string, string | number | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `${path}?${s}` : path;
}
