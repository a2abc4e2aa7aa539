import { type Context, Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { checkTakedownForm, EMPTY_TAKEDOWN_FORM, TAKEDOWN_LIMITS, type TakedownFieldError, type TakedownFormValues } from '../../rights/form.js';
import { clientIp, sameOrigin } from '../admin-auth.js';
import { loadChrome } from '../chrome.js';
import type { WebDeps } from '../context.js';
import { RateLimiter } from '../rate-limit.js';
import { type PageMeta, renderPage } from '../views/layout.js';
import { HONEYPOT_FIELD, TakedownFormPage, TakedownReceivedPage } from '../views/takedown.js';

// URL-encoded CJK text takes 9 bytes a character: room for every field at its limit, no more.
export const TAKEDOWN_BODY_LIMIT = 128 * 1024;
/** Per address: 5 requests at once, then 5 more over each 10 minutes. */
export const TAKEDOWN_RATE = { limit: 5, windowMs: 10 * 60_000 };

const META: PageMeta = { title: '侵权投诉', description: '版权人投诉与删除请求：提交涉嫌侵权的本站文章链接。', path: '/takedown' };

/**
 * The public takedown form. POST is checked for its origin (no token: a claimant has no
 * session), its size, its rate per address and its honeypot, then validated; a refused form
 * comes back with a 400 and everything the claimant typed.
 */
export function takedownRoutes(deps: WebDeps, limiter = new RateLimiter(TAKEDOWN_RATE.limit, TAKEDOWN_RATE.limit / (TAKEDOWN_RATE.windowMs / 1000))): Hono {
  const app = new Hono();

  const formPage = async (c: Context, status: 200 | 400 | 403 | 429, values: TakedownFormValues, errors: TakedownFieldError[] = [], problem?: string) => {
    const chrome = await loadChrome(deps);
    c.header('Cache-Control', 'no-store');
    const page = (
      <TakedownFormPage
        notice={chrome.settings.infringement_notice}
        contact={chrome.settings.takedown_contact}
        siteUrl={deps.siteUrl}
        values={values}
        errors={errors}
        problem={problem}
      />
    );
    return c.html(renderPage(chrome, status === 200 ? META : { ...META, noindex: true }, page), status);
  };

  app.get('/takedown', (c) => formPage(c, 200, EMPTY_TAKEDOWN_FORM));

  app.post(
    '/takedown',
    bodyLimit({
      maxSize: TAKEDOWN_BODY_LIMIT,
      onError: (c) => formPage(c, 400, EMPTY_TAKEDOWN_FORM, [], `提交的内容过大（超过 ${TAKEDOWN_BODY_LIMIT / 1024} KB），请精简后重试。`),
    }),
    async (c) => {
      const values = await readForm(c);
      if (!values) return formPage(c, 400, EMPTY_TAKEDOWN_FORM, [], '无法读取提交的表单，请重新填写。');
      if (!sameOrigin(c, deps)) return formPage(c, 403, values.form, [], '请求来源不明，请在本站页面上提交表单。');
      if (!limiter.take(clientIp(c))) return formPage(c, 429, values.form, [], '提交过于频繁，请稍后再试。');
      const chrome = await loadChrome(deps);
      // A bot that filled the hidden field is told what a person would be told, and nothing is stored.
      if (values.honeypot) return c.html(renderPage(chrome, { ...META, noindex: true }, <TakedownReceivedPage reference={undefined} email={values.form.email} />));
      const checked = checkTakedownForm(values.form, deps.siteUrl);
      if ('errors' in checked) return formPage(c, 400, values.form, checked.errors);
      const request = await deps.services.takedowns.submit(checked.claim);
      c.header('Cache-Control', 'no-store');
      return c.html(renderPage(chrome, { ...META, noindex: true }, <TakedownReceivedPage reference={request.reference} email={request.email} />));
    },
  );
  return app;
}

/** The form's fields as typed, each cut to what the page can show back; undefined if the body is not a form. */
async function readForm(c: Context): Promise<{ form: TakedownFormValues; honeypot: boolean } | undefined> {
  let body: Record<string, string | File | (string | File)[]>;
  try {
    body = await c.req.parseBody();
  } catch {
    return undefined;
  }
  const text = (name: string, max: number) => {
    const v = body[name];
    // Kept a little past the limit, so the claimant sees what was too long and the check says so.
    return typeof v === 'string' ? v.slice(0, max + 200) : '';
  };
  return {
    form: {
      claimant: text('claimant', TAKEDOWN_LIMITS.claimant),
      organisation: text('organisation', TAKEDOWN_LIMITS.organisation),
      email: text('email', TAKEDOWN_LIMITS.email),
      urls: text('urls', TAKEDOWN_LIMITS.urls * (TAKEDOWN_LIMITS.urlLength + 2)),
      work: text('work', TAKEDOWN_LIMITS.work),
      good_faith: body.good_faith === '1' || body.good_faith === 'on',
    },
    honeypot: text(HONEYPOT_FIELD, 100).trim() !== '',
  };
}
