import { secureHeaders } from 'hono/secure-headers';
import { VIDEO_HOSTS } from '../ingest/sanitize/embeds.js';

/**
 * CSP: our own script and styles only; images only from this origin (other sites' images,
 * ads' too, are served through the /img proxy); no plugins, no framing by other sites;
 * frames from the video hosts the sanitizer lets through and our own sandboxed ad frames
 * (/ad/:id/frame). JSON-LD blocks are data, not scripts, and need no exception.
 */
export const securityHeaders = () =>
  secureHeaders({
    contentSecurityPolicy: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'"],
      imgSrc: ["'self'"],
      connectSrc: ["'self'"],
      frameSrc: ["'self'", ...VIDEO_HOSTS.map((host) => `https://${host}`)],
      objectSrc: ["'none'"],
      baseUri: ["'self'"],
      formAction: ["'self'"],
      frameAncestors: ["'self'"],
    },
    referrerPolicy: 'strict-origin-when-cross-origin',
    xFrameOptions: 'SAMEORIGIN',
    xContentTypeOptions: 'nosniff',
    // Reprinted images are shown by readers' browsers, not embedded by other origins.
    crossOriginResourcePolicy: 'same-origin',
    strictTransportSecurity: false,
  });
