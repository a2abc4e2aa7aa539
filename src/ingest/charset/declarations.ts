import { canonicalCharset } from './labels.js';

export type DeclarationSource = 'header' | 'xml-declaration' | 'meta';

export interface DeclaredCharset {
  charset: string;
  from: DeclarationSource;
}

// The XML declaration must open the document; 1 KiB is ample for it.
const XML_DECLARATION_WINDOW = 1024;
// Browsers prescan 1 KiB for <meta charset>; Chinese portals often put long <title>s,
// keywords and inline scripts first, so we look a little further.
const META_WINDOW = 8 * 1024;

/** The byte-order mark's charset and length, if the body starts with one: it outranks every declaration. */
export function bomCharset(bytes: Uint8Array): { charset: string; length: number } | undefined {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { charset: 'utf-8', length: 3 };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { charset: 'utf-16le', length: 2 };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { charset: 'utf-16be', length: 2 };
  return undefined;
}

/** `charset=` of a Content-Type header value, e.g. `text/xml; charset="GBK"`. */
export function headerCharsetLabel(contentType: string | undefined): string | undefined {
  return contentType?.match(/;\s*charset\s*=\s*("[^"]*"|[^;\s]+)/i)?.[1]?.replace(/"/g, '');
}

const XML_ENCODING = /^\s*<\?xml\s[^>]*?\bencoding\s*=\s*["']([^"']*)["']/;

export function xmlEncodingLabel(bytes: Uint8Array): string | undefined {
  return asciiPrefix(bytes, XML_DECLARATION_WINDOW).match(XML_ENCODING)?.[1];
}

/** `<meta charset=x>` or `<meta http-equiv="Content-Type" content="text/html; charset=x">`, whichever comes first. */
export function metaCharsetLabel(bytes: Uint8Array): string | undefined {
  return asciiPrefix(bytes, META_WINDOW).match(/<meta\s[^>]*?\bcharset\s*=\s*["']?\s*([\w.:-]+)/i)?.[1];
}

/**
 * Declared charsets in the order they are believed: the HTTP header, then the XML
 * declaration (XML) or <meta> (HTML); unknown labels are skipped so detection decides.
 * UTF-16/32 named inside the document is ignored: a document readable as ASCII to find
 * the declaration cannot be UTF-16 (a real one starts with a BOM).
 */
export function declaredCharsets(bytes: Uint8Array, contentType: string | undefined, kind: 'xml' | 'html' | undefined): DeclaredCharset[] {
  const found: DeclaredCharset[] = [];
  const add = (label: string | undefined, from: DeclarationSource) => {
    const charset = canonicalCharset(label);
    if (!charset || found.some((d) => d.charset === charset)) return;
    if (from !== 'header' && /^utf-(16|32)/.test(charset)) return;
    found.push({ charset, from });
  };
  add(headerCharsetLabel(contentType), 'header');
  if (kind !== 'html') add(xmlEncodingLabel(bytes), 'xml-declaration');
  if (kind !== 'xml') add(metaCharsetLabel(bytes), 'meta');
  return found;
}

/**
 * Decoded text no longer is in the encoding its XML declaration names; the declaration
 * is dropped so that no parser, now or later, decodes the text a second time.
 */
export function withoutXmlEncoding(text: string): string {
  return text.replace(/^(\uFEFF?\s*<\?xml\s[^>]*?)\s+encoding\s*=\s*(["'])[^"']*\2/, '$1');
}

// Latin-1 maps byte n to U+00n: an ASCII-compatible view in which to find ASCII markup.
function asciiPrefix(bytes: Uint8Array, length: number): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, length)).toString('latin1');
}
