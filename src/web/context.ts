import type { ImageProxy } from '../images/proxy.js';
import type { Services } from '../services.js';
import type { Logger } from '../log.js';
import type { AssetManifest, StaticFiles } from './static.js';

/** Everything the web layer is given at start. */
export interface WebDeps {
  services: Services;
  siteUrl: string;
  assets: AssetManifest;
  publicFiles: StaticFiles;
  demoMedia: StaticFiles;
  logger: Logger;
  /** Serves other sites' images under /img/ and rewrites image URLs for rendering. */
  images: ImageProxy;
  /** Lets a non-local client read /metrics with `Authorization: Bearer <token>`; unset, only localhost may. */
  metricsToken?: string | undefined;
}
