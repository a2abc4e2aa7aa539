/**
 * Sensitive-word list files as editors have them: exported from other CMSs (often GBK),
 * one word a line or comma-separated, with duplicates. Everything is checked before the
 * caller writes anything, so a bad file changes nothing.
 */
import iconv from 'iconv-lite';
import { RedianError } from '../../errors.js';
import { normalize } from './normalize.js';

export const WORD_LIST_MAX_BYTES = 2 * 1024 * 1024;
export const WORD_LIST_MAX_WORDS = 100_000;
/** In characters (code points). */
export const WORD_MAX_LENGTH = 50;

export interface WordList {
  /** Trimmed, in file order, each once (duplicates after case and width folding dropped). */
  words: string[];
  /** What the bytes were read as: UTF-8, UTF-8 (BOM), UTF-16LE, UTF-16BE or GB18030 (which covers GBK and GB2312). */
  encoding: string;
  /** How many words were dropped as repeats. */
  duplicates: number;
}

/** Line breaks, and the separators lists exported from other tools use: comma (either width), 、 and tab. */
const SEPARATORS = /[,，、\t]/;
/** Control characters other than tab and line breaks: a binary file, not a list. */
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

/** Reads a list from a textarea (string) or an uploaded file (bytes); WORD_LIST_INVALID / WORD_LIST_TOO_LARGE otherwise. */
export function readWordList(input: string | Uint8Array): WordList {
  const bytes = typeof input === 'string' ? Buffer.byteLength(input) : input.length;
  if (bytes > WORD_LIST_MAX_BYTES) {
    throw new RedianError('WORD_LIST_TOO_LARGE', `词表 ${megabytes(bytes)}，超过 2 MB 上限；请拆成几个词表`);
  }
  const { text, encoding } = typeof input === 'string' ? { text: input, encoding: 'UTF-8' } : decode(input);

  const words: string[] = [];
  const seen = new Set<string>();
  let duplicates = 0;
  const lines = text.split(/\r\n|\n|\r/);
  for (let line = 0; line < lines.length; line++) {
    const content = lines[line]!;
    if (CONTROL.test(content)) {
      throw new RedianError('WORD_LIST_INVALID', `第 ${line + 1} 行含有控制字符（如 NUL），这不像文本词表`);
    }
    for (const raw of content.split(SEPARATORS)) {
      const word = raw.trim();
      if (word.length === 0) continue;
      const length = [...word].length;
      if (length > WORD_MAX_LENGTH) {
        throw new RedianError(
          'WORD_LIST_INVALID',
          `第 ${line + 1} 行的词有 ${length} 个字，超过 ${WORD_MAX_LENGTH} 个字的上限：「${[...word].slice(0, 20).join('')}…」`,
        );
      }
      const key = normalize(word);
      if (seen.has(key)) {
        duplicates++;
        continue;
      }
      seen.add(key);
      words.push(word);
    }
  }
  if (words.length === 0) throw new RedianError('WORD_LIST_INVALID', '词表里没有词：每行写一个词或短语');
  if (words.length > WORD_LIST_MAX_WORDS) {
    throw new RedianError('WORD_LIST_TOO_LARGE', `词表有 ${words.length.toLocaleString('en-US')} 个词，超过 100,000 个的上限；请拆成几个词表`);
  }
  return { words, encoding, duplicates };
}

/** BOM first, then strict UTF-8, then GB18030 (a superset of GBK and GB2312). */
function decode(bytes: Uint8Array): { text: string; encoding: string } {
  const starts = (...prefix: number[]) => prefix.every((b, i) => bytes[i] === b);
  if (starts(0xef, 0xbb, 0xbf)) return { text: utf8(bytes.subarray(3)), encoding: 'UTF-8 (BOM)' };
  if (starts(0xff, 0xfe)) return { text: iconv.decode(Buffer.from(bytes.subarray(2)), 'utf-16le'), encoding: 'UTF-16LE' };
  if (starts(0xfe, 0xff)) return { text: iconv.decode(Buffer.from(bytes.subarray(2)), 'utf-16be'), encoding: 'UTF-16BE' };
  // Without a BOM, NUL bytes mean binary (or UTF-16 without a BOM, which can't be told apart reliably).
  if (bytes.includes(0)) throw new RedianError('WORD_LIST_INVALID', '文件含有 NUL 字节，这不像文本词表（UTF-16 文件请带 BOM 保存）');
  try {
    return { text: utf8(bytes), encoding: 'UTF-8' };
  } catch {
    // Not UTF-8: the other encoding Chinese lists come in.
  }
  const text = iconv.decode(Buffer.from(bytes), 'gb18030');
  if (text.includes('\ufffd')) {
    throw new RedianError('WORD_LIST_INVALID', '文件既不是 UTF-8 也不是 GBK/GB18030 编码，无法读取；请另存为 UTF-8 后再导入');
  }
  return { text, encoding: 'GB18030' };
}

function utf8(bytes: Uint8Array): string {
  return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
}

function megabytes(bytes: number): string {
  return `${(bytes / 2 ** 20).toFixed(1)} MB`;
}
