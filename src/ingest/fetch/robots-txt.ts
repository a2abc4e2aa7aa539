/** The product token Redian looks for on `User-agent:` lines. */
export const ROBOTS_AGENT = 'redian';

interface Rule {
  allow: boolean;
  pattern: string;
}

interface Group {
  agents: string[];
  rules: Rule[];
}

/**
 * A parsed robots.txt, matched as RFC 9309 and Google do: the groups naming our product token
 * (else the `*` groups) apply, merged; the longest matching Allow/Disallow pattern wins, Allow
 * on a tie; `*` matches any run of characters and a final `$` anchors the end.
 */
export class RobotsTxt {
  readonly #groups: Group[];

  private constructor(groups: Group[]) {
    this.#groups = groups;
  }

  static parse(text: string): RobotsTxt {
    const groups: Group[] = [];
    let current: Group | undefined;
    let inAgentLines = false;
    for (const raw of text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/)) {
      const match = /^\s*([A-Za-z-]+)\s*:\s*(.*)$/.exec(raw.replace(/#.*/, ''));
      if (!match) continue;
      const key = match[1]!.toLowerCase();
      const value = match[2]!.trim();
      if (key === 'user-agent') {
        // Consecutive User-agent lines share one group; one after rules starts the next.
        if (!current || !inAgentLines) groups.push((current = { agents: [], rules: [] }));
        current.agents.push(productToken(value));
        inAgentLines = true;
      } else if (key === 'allow' || key === 'disallow') {
        inAgentLines = false;
        // An empty Disallow means "nothing is disallowed": no rule at all.
        if (current && value !== '') current.rules.push({ allow: key === 'allow', pattern: normalize(value) });
      }
    }
    return new RobotsTxt(groups);
  }

  static readonly allowAll = RobotsTxt.parse('');
  static readonly disallowAll = RobotsTxt.parse('User-agent: *\nDisallow: /');

  /** Whether `agent` may fetch `pathAndQuery` (the URL's pathname plus search). */
  isAllowed(pathAndQuery: string, agent = ROBOTS_AGENT): boolean {
    if (pathAndQuery === '/robots.txt') return true;
    const path = normalize(pathAndQuery);
    const token = agent.toLowerCase();
    let groups = this.#groups.filter((g) => g.agents.includes(token));
    if (groups.length === 0) groups = this.#groups.filter((g) => g.agents.includes('*'));
    let best: Rule | undefined;
    for (const rule of groups.flatMap((g) => g.rules)) {
      if (!matches(rule.pattern, path)) continue;
      const longer = !best || rule.pattern.length > best.pattern.length;
      if (longer || (rule.pattern.length === best!.pattern.length && rule.allow)) best = rule;
    }
    return best?.allow ?? true;
  }
}

// "Redian/0.1" and "redian" both name us: only the product token before any version counts.
function productToken(value: string): string {
  if (value.startsWith('*')) return '*';
  return (/^[A-Za-z_-]+/.exec(value)?.[0] ?? value).toLowerCase();
}

// Patterns and paths are compared percent-encoded, with upper-case escapes, so "/新闻" in a
// robots.txt matches the "/%E6%96%B0%E9%97%BB" a URL carries.
function normalize(text: string): string {
  return text
    .replace(/[^\x21-\x7e]/gu, (c) => [...Buffer.from(c, 'utf8')].map((b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`).join(''))
    .replace(/%[0-9a-f]{2}/gi, (escape) => escape.toUpperCase());
}

// Tracks every position of `path` the pattern so far can end at: time grows with pattern × path
// length, so a hostile pattern like "/a*a*a*a*b" cannot backtrack as a regular expression would.
function matches(pattern: string, path: string): boolean {
  let positions = [0];
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '$' && i === pattern.length - 1) return positions.includes(path.length);
    if (c === '*') {
      const from = positions[0]!;
      positions = Array.from({ length: path.length - from + 1 }, (_, k) => from + k);
      continue;
    }
    positions = positions.filter((p) => path[p] === c).map((p) => p + 1);
    if (positions.length === 0) return false;
  }
  return true;
}
