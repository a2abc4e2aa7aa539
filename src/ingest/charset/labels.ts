import iconv from 'iconv-lite';

/**
 * Charset labels as sites write them, mapped to the decoder we use. GB2312 and GBK pages
 * routinely contain characters outside their declared set (朱镕基's 镕 is GBK only), and
 * GB18030 is a superset of both, so every GB label decodes as GB18030, as browsers do.
 * iconv-lite's Big5 table is Big5-HKSCS (a superset of CP950), so every Big5 label gets
 * the Hong Kong characters too. Latin-1 and ASCII labels mean windows-1252 on the web.
 */
const ALIASES: Record<string, string> = {
  gb2312: 'gb18030',
  gbk: 'gb18030',
  'x-gbk': 'gb18030',
  'gb_2312-80': 'gb18030',
  'gb_2312': 'gb18030',
  cp936: 'gb18030',
  'windows-936': 'gb18030',
  'euc-cn': 'gb18030',
  csgb2312: 'gb18030',
  chinese: 'gb18030',
  'iso-ir-58': 'gb18030',
  'csiso58gb231280': 'gb18030',
  gb18030: 'gb18030',
  big5: 'big5',
  'big5-hkscs': 'big5',
  big5hkscs: 'big5',
  'x-big5': 'big5',
  'x-x-big5': 'big5',
  'cn-big5': 'big5',
  csbig5: 'big5',
  cp950: 'big5',
  'windows-950': 'big5',
  'utf-8': 'utf-8',
  utf8: 'utf-8',
  'unicode-1-1-utf-8': 'utf-8',
  'iso-8859-1': 'windows-1252',
  'iso8859-1': 'windows-1252',
  latin1: 'windows-1252',
  'us-ascii': 'windows-1252',
  ascii: 'windows-1252',
};

/** The iconv-lite table behind a canonical name, where the two differ. */
const DECODER: Record<string, string> = { big5: 'big5hkscs' };

/** Canonical charset for a declared or detected label; undefined when iconv-lite cannot decode it. */
export function canonicalCharset(label: string | undefined): string | undefined {
  const name = label?.trim().replace(/^["']|["']$/g, '').toLowerCase();
  if (!name) return undefined;
  const known = ALIASES[name];
  if (known) return known;
  return iconv.encodingExists(name) ? name : undefined;
}

/** Decodes with the table behind a canonical charset; invalid sequences become U+FFFD. */
export function decodeAs(bytes: Uint8Array, charset: string): string {
  return iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), DECODER[charset] ?? charset);
}
