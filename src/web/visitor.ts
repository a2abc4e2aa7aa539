import type { Context } from 'hono';
import { setCookie } from 'hono/cookie';
import type { Services } from '../services.js';
import { requestCookie } from './request-headers.js';

/** The first-party cookie that carries the signed visitor id. */
export const VISITOR_COOKIE = 'rid';
const ONE_YEAR_S = 365 * 24 * 3600;

export interface Visitor {
  /** 22 base64url characters; the key of the reader's history in visitor_reads. */
  id: string;
  /** True when the request carried no valid id: one was issued, and its cookie is set on this response. */
  isNew: boolean;
}

/** What `visitorOf` needs from the web layer's dependencies (a `WebDeps` fits). */
export interface VisitorDeps {
  services: Pick<Services, 'audience'>;
  siteUrl: string;
}

// One visitor per request, however many parts of the page ask: a new reader must not get two ids.
const perRequest = new WeakMap<Request, Promise<Visitor>>();

/**
 * Who is reading: the id from the request's cookie when this site signed it, otherwise a
 * new id whose cookie (HttpOnly, SameSite=Lax, Secure on an https site, one year) is set
 * on the response. A forged, oversized or malformed cookie is simply replaced.
 */
export function visitorOf(c: Context, deps: VisitorDeps): Promise<Visitor> {
  let visitor = perRequest.get(c.req.raw);
  if (!visitor) {
    visitor = resolve(c, deps);
    perRequest.set(c.req.raw, visitor);
  }
  return visitor;
}

/** Gives the reader a new id (after 清除阅读记录): their old history no longer follows them. */
export async function renewVisitor(c: Context, deps: VisitorDeps): Promise<Visitor> {
  const ids = await deps.services.audience.visitorIds();
  const issued = ids.issue();
  setVisitorCookie(c, deps, issued.cookie);
  const visitor = Promise.resolve({ id: issued.id, isNew: true });
  perRequest.set(c.req.raw, visitor);
  return visitor;
}

async function resolve(c: Context, deps: VisitorDeps): Promise<Visitor> {
  const ids = await deps.services.audience.visitorIds();
  const id = ids.verify(requestCookie(c, VISITOR_COOKIE));
  if (id !== undefined) return { id, isNew: false };
  const issued = ids.issue();
  setVisitorCookie(c, deps, issued.cookie);
  return { id: issued.id, isNew: true };
}

function setVisitorCookie(c: Context, deps: VisitorDeps, value: string): void {
  setCookie(c, VISITOR_COOKIE, value, {
    path: '/',
    maxAge: ONE_YEAR_S,
    httpOnly: true,
    sameSite: 'Lax',
    secure: deps.siteUrl.startsWith('https:'),
  });
}
