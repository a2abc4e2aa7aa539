import type { Child } from 'hono/jsx';
import { MAX_QUERY_CHARS } from '../../search/terms.js';
import type { SiteSettings } from '../../settings/settings.js';
import type { Category } from '../../store/schema.js';
import { feedLinks } from '../feed-links.js';
import type { AssetManifest } from '../static.js';

/** What every page shares: settings, tabs, assets, the public base URL. */
export interface Chrome {
  settings: SiteSettings;
  categories: Category[];
  assets: AssetManifest;
  siteUrl: string;
  /** Footer domain: the setting, or SITE_URL's host. */
  domain: string;
}

export interface PageMeta {
  title: string;
  description: string;
  /** Path of the canonical URL, e.g. `/a/12`. */
  path: string;
  /** Which tab is current: a category slug, `home`, or none. */
  tab?: string;
  ogType?: 'website' | 'article';
  image?: string | null;
  /** JSON-LD object, rendered as application/ld+json. */
  jsonLd?: object;
  noindex?: boolean;
}

export function absoluteUrl(siteUrl: string, pathOrUrl: string): string {
  return /^https?:\/\//.test(pathOrUrl) ? pathOrUrl : `${siteUrl}${pathOrUrl}`;
}

/** JSON inside <script> must not be able to close the element. */
function jsonForScript(value: object): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026');
}

export function Layout({ chrome, meta, children }: { chrome: Chrome; meta: PageMeta; children: Child }) {
  const { settings } = chrome;
  const canonical = absoluteUrl(chrome.siteUrl, meta.path);
  const fullTitle = meta.title === settings.site_name ? meta.title : `${meta.title} - ${settings.site_name}`;
  return (
    <html lang="zh-CN">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover" />
        <title>{fullTitle}</title>
        <meta name="description" content={meta.description} />
        <link rel="canonical" href={canonical} />
        {meta.noindex ? <meta name="robots" content="noindex" /> : null}
        <meta name="theme-color" content="#d0262a" />
        <meta property="og:site_name" content={settings.site_name} />
        <meta property="og:type" content={meta.ogType ?? 'website'} />
        <meta property="og:title" content={meta.title} />
        <meta property="og:description" content={meta.description} />
        <meta property="og:url" content={canonical} />
        <meta property="og:locale" content="zh_CN" />
        {meta.image ? <meta property="og:image" content={absoluteUrl(chrome.siteUrl, meta.image)} /> : null}
        {feedLinks(meta.path, settings.site_name, meta.title).map((f) => (
          <link rel="alternate" type={f.type} title={f.title} href={f.href} />
        ))}
        <link rel="icon" href={chrome.assets.icon} type="image/svg+xml" />
        <link rel="stylesheet" href={chrome.assets.style} />
        <script src={chrome.assets.script} defer></script>
        {meta.jsonLd ? (
          <script type="application/ld+json" dangerouslySetInnerHTML={{ __html: jsonForScript(meta.jsonLd) }} />
        ) : null}
      </head>
      <body>
        <header class="site-header">
          <div class="wrap bar">
            <a class="logo" href="/">
              {settings.site_logo ? <img src={settings.site_logo} alt={settings.site_name} class="logo-img" /> : settings.site_name}
            </a>
            {/* A plain GET form: searching needs no script. */}
            <form class="header-search" action="/search" method="get" role="search">
              <input type="search" name="q" maxlength={MAX_QUERY_CHARS} placeholder="搜索" aria-label="搜索本站" />
              <button type="submit">搜索</button>
            </form>
          </div>
          <nav class="wrap tabs" aria-label="分类">
            <a href="/" aria-current={meta.tab === 'home' ? 'page' : undefined}>
              推荐
            </a>
            <a href="/hot" aria-current={meta.tab === 'hot' ? 'page' : undefined}>
              热榜
            </a>
            {chrome.categories.map((c) => (
              <a href={`/c/${c.slug}`} aria-current={meta.tab === c.slug ? 'page' : undefined}>
                {c.name}
              </a>
            ))}
          </nav>
        </header>
        {children}
        <Footer chrome={chrome} />
      </body>
    </html>
  );
}

function Footer({ chrome }: { chrome: Chrome }) {
  const { settings } = chrome;
  const year = new Date().getFullYear();
  const start = settings.copyright_start_year;
  const years = start && Number(start) < year ? `${start}-${year}` : String(year);
  return (
    <footer class="site-footer">
      {settings.infringement_notice ? (
        <p class="notice">
          <a href="/takedown">{settings.infringement_notice}</a>
        </p>
      ) : null}
      <p>
        <a href="/me/history">清除阅读记录</a>
      </p>
      <p>
        Copyright © {years}，版权所有 {chrome.domain}
      </p>
      {settings.icp_number ? (
        <p>
          <a href="https://beian.miit.gov.cn/" rel="noopener noreferrer nofollow" target="_blank">
            {settings.icp_number}
          </a>
        </p>
      ) : null}
      {settings.psb_number ? (
        <p>
          <a
            href={`https://beian.mps.gov.cn/#/query/webSearch?code=${settings.psb_number.replace(/\D/g, '')}`}
            rel="noopener noreferrer nofollow"
            target="_blank"
          >
            {settings.psb_number}
          </a>
        </p>
      ) : null}
    </footer>
  );
}

/** A whole HTML document. */
export function renderPage(chrome: Chrome, meta: PageMeta, body: Child): string {
  return `<!doctype html>${(
    <Layout chrome={chrome} meta={meta}>
      {body}
    </Layout>
  )}`;
}
