import { ERRORS, type RedianError } from '../../../errors.js';
import type { DryRunHit, DryRunResult, ListAction, Reason, RuleAction, RuleField, RuleMatch } from '../../../filters/types.js';
import { Highlighted } from './highlight.js';

/** Words of the rules and review screens (src/web/routes/admin/rules.tsx, review.tsx). */
export const RULE_ACTION_LABEL: Record<RuleAction, string> = { block: '拦截', hold: '待审', keep: '仅收录匹配的' };
export const LIST_ACTION_LABEL: Record<ListAction, string> = { hold: '待审', block: '拦截' };
export const FIELD_LABEL: Record<RuleField, string> = { title: '标题', text: '正文', author: '作者', url: '网址', any: '标题、正文或作者' };
export const MATCH_LABEL: Record<RuleMatch, string> = { keywords: '关键词（每行一个）', regex: '正则表达式' };

/** Every term a set of reasons matched, for highlighting. */
export const termsOf = (reasons: readonly Reason[]): string[] => [...new Set(reasons.flatMap((r) => r.terms))];

/**
 * What an editor reads of an error raised on purpose: the Chinese detail a service gave,
 * without the catalogue's English prefix (kept for logs and the CLI).
 */
export function editorText(err: RedianError): string {
  const prefix = `${ERRORS[err.code].message}: `;
  return err.message.startsWith(prefix) ? err.message.slice(prefix.length) : err.message;
}

/** Why an item was blocked or held: one chip per rule or list, with the words it matched. */
export function ReasonChips({ reasons }: { reasons: readonly Reason[] }) {
  if (reasons.length === 0) return null;
  return (
    <ul class="chips">
      {reasons.map((r) => (
        <li class={`chip chip-${r.kind}`}>
          {r.label}
          {r.terms.length ? <span class="chip-terms">：{r.terms.join('、')}</span> : null}
        </li>
      ))}
    </ul>
  );
}

/** How many of a dry run's rows are listed; the counts above them are always whole. */
const SHOWN = 100;

function HitTable({ hits, testid }: { hits: readonly DryRunHit[]; testid: string }) {
  return (
    <table class="admin-table" data-testid={testid}>
      <thead>
        <tr>
          <th scope="col">文章</th>
          <th scope="col">来源</th>
          <th scope="col">原因</th>
        </tr>
      </thead>
      <tbody>
        {hits.slice(0, SHOWN).map((h) => (
          <tr>
            <td data-label="文章">
              <a href={`/admin/articles/${h.articleId}`}>
                <Highlighted text={h.title} terms={termsOf(h.reasons)} />
              </a>
            </td>
            <td data-label="来源">{h.sourceName}</td>
            <td data-label="原因">
              <ReasonChips reasons={h.reasons} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

const More = ({ total }: { total: number }) => (total > SHOWN ? <p class="muted">另有 {total - SHOWN} 篇未列出。</p> : null);

/** What a draft would have done to the newest stored articles; nothing was saved. */
export function DryRunResults({ result }: { result: DryRunResult }) {
  return (
    <section class="panel dry-run" id="dry-run" data-testid="dry-run">
      <h2 class="section-title">试运行结果（未保存）</h2>
      <p data-testid="dry-run-summary">
        检查了最近 {result.scanned} 篇文章：会拦截 <strong>{result.blocked.length}</strong> 篇，会转入待审 <strong>{result.held.length}</strong> 篇，会改动{' '}
        <strong>{result.changed.length}</strong> 篇。<span class="muted">（用时 {result.ms.toFixed(1)} 毫秒）</span>
      </p>
      {result.blocked.length ? (
        <>
          <h3>会拦截</h3>
          <HitTable hits={result.blocked} testid="dry-run-blocked" />
          <More total={result.blocked.length} />
        </>
      ) : null}
      {result.held.length ? (
        <>
          <h3>会转入待审</h3>
          <HitTable hits={result.held} testid="dry-run-held" />
          <More total={result.held.length} />
        </>
      ) : null}
      {result.changed.length ? (
        <>
          <h3>会改动</h3>
          <table class="admin-table" data-testid="dry-run-changed">
            <thead>
              <tr>
                <th scope="col">文章</th>
                <th scope="col">来源</th>
                <th scope="col">改动前</th>
                <th scope="col">改动后</th>
              </tr>
            </thead>
            <tbody>
              {result.changed.slice(0, SHOWN).map((x) => (
                <tr>
                  <td data-label="文章">
                    <a href={`/admin/articles/${x.articleId}`}>{x.title}</a>
                  </td>
                  <td data-label="来源">{x.sourceName}</td>
                  <td data-label="改动前" class="excerpt">
                    {x.before}
                  </td>
                  <td data-label="改动后" class="excerpt">
                    {x.after}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <More total={result.changed.length} />
        </>
      ) : null}
    </section>
  );
}
