import { secureHeaders } from 'hono/secure-headers';

/**
 * CSP: our own script and styles only; images also from the media we reprint (http and
 * https, since many Chinese sources still serve images over http); no plugins, no framing
 * by other sites. JSON-LD blocks are data, not scripts, and need no exception.
 */
export const securityHeaders = () =>
  secureHeaders({
    contentSecurityPolicy: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'"],
      imgSrc: ["'self'", 'https:', 'http:'],
      connectSrc: ["'self'"],
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
