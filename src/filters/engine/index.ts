/**
 * The editorial-rules engine (issue 7): pure functions over the types in ../types.ts, no
 * store and no I/O. The service validates drafts with the check functions, compiles the
 * saved rules for the pipeline, and runs drafts alone for dry runs.
 */
export { checkList, checkReplacement, checkRule, LIST_ACTIONS, RULE_ACTIONS, RULE_FIELDS, RULE_MATCHES } from './check.js';
export { compileRules, TERMS_LIMIT } from './compile.js';
export { normalize } from './normalize.js';
export { REGEX_INPUT_CAP, REGEX_MAX_LENGTH } from './regex.js';
export { readWordList, WORD_LIST_MAX_BYTES, WORD_LIST_MAX_WORDS, WORD_MAX_LENGTH, type WordList } from './wordlist.js';
