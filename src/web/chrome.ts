import { SETTINGS, type SiteSettings } from '../settings/settings.js';
import type { WebDeps } from './context.js';
import type { Chrome } from './views/layout.js';

export async function loadChrome(deps: WebDeps): Promise<Chrome> {
  const [settings, categories] = await Promise.all([deps.services.settings.current(), deps.services.articles.categories()]);
  return chrome(deps, settings, categories);
}

/** For error pages: the real chrome if the database answers, the defaults if it does not. */
export async function loadChromeOrDefaults(deps: WebDeps): Promise<Chrome> {
  try {
    return await loadChrome(deps);
  } catch {
    const defaults = Object.fromEntries(Object.entries(SETTINGS).map(([k, v]) => [k, v.default])) as SiteSettings;
    return chrome(deps, defaults, []);
  }
}

function chrome(deps: WebDeps, settings: SiteSettings, categories: Chrome['categories']): Chrome {
  return {
    settings,
    categories,
    assets: deps.assets,
    siteUrl: deps.siteUrl,
    domain: settings.site_domain || new URL(deps.siteUrl).host,
  };
}
