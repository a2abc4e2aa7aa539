import { type Context, Hono } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { AD_SLOTS, AD_STATS_DAYS, type AdWithStats } from '../../../ads/ads.js';
import { beijingDay, dayLabel, formatBeijingDateTime, parseBeijingDateTime } from '../../../ads/day.js';
import { AD_KINDS } from '../../../ads/input.js';
import { isRedianError, RedianError } from '../../../errors.js';
import type { AdSlot, Category } from '../../../store/schema.js';
import type { WebDeps } from '../../context.js';
import { parseId } from '../../params.js';
import { DayBarChart } from '../../views/admin/charts.js';
import { doneText, runAction } from './actions.js';
import { adminGuard, type AdminEnv, csrfField, currentAdmin, Flash, renderAdmin } from './shell.js';

const SLOT_LABEL: Record<string, string> = { article_top: '文章页顶部', article_bottom: '文章页底部', feed: '信息流', sidebar: '侧栏（宽屏）' };
const KIND_LABEL: Record<string, string> = { image: '图片 + 链接', text: '文字 + 链接', html: 'HTML 片段（沙箱）' };

/** An ad form as typed, so a refused form comes back as it was. */
interface AdFormValues {
  slot: string;
  kind: string;
  title: string;
  body_text: string;
  image_url: string;
  html: string;
  link_url: string;
  starts_at: string;
  ends_at: string;
  weight: string;
  freq_cap: string;
  enabled: boolean;
  category_ids: number[];
}

const EMPTY: AdFormValues = { slot: 'article_top', kind: 'text', title: '', body_text: '', image_url: '', html: '', link_url: 'https://', starts_at: '', ends_at: '', weight: '1', freq_cap: '', enabled: true, category_ids: [] };

/** /admin/ads: ads with their counts over 30 days, create/edit/enable/disable/delete, slot settings. Admins only. */
export function adAdminRoutes(deps: WebDeps): Hono<AdminEnv> {
  const { ads } = deps.services;
  const app = new Hono<AdminEnv>();
  app.use('*', adminGuard(deps, 'admin'));
  const back = { section: 'ads', back: '/admin/ads' };
  const actor = (c: Context<AdminEnv>) => currentAdmin(c).username;

  app.get('/', async (c) => {
    const [list, slots] = await Promise.all([ads.list(), ads.slots()]);
    const now = Date.now();
    return renderAdmin(
      c,
      deps,
      { title: '广告', section: 'ads' },
      <>
        <section class="panel">
          <h1 class="page-title">广告</h1>
          <Flash kind="ok" text={doneText(c.req.query('done'))} />
          <p>
            <a class="button" href="/admin/ads/new">
              新建广告
            </a>
          </p>
          <p class="muted">展示、点击、关闭为近 {AD_STATS_DAYS} 天（北京时间）合计；展示在页面送出时计数，约每秒写入一次。</p>
          {list.length === 0 ? (
            <p class="muted">还没有广告。</p>
          ) : (
            <table class="admin-table" data-testid="ads-table">
              <thead>
                <tr>
                  <th scope="col">广告</th>
                  <th scope="col">位置</th>
                  <th scope="col">状态</th>
                  <th scope="col">展示</th>
                  <th scope="col">点击</th>
                  <th scope="col">关闭</th>
                  <th scope="col">点击率</th>
                  <th scope="col">操作</th>
                </tr>
              </thead>
              <tbody>
                {list.map((ad) => (
                  <tr data-ad-id={ad.id}>
                    <td data-label="广告">
                      <a href={`/admin/ads/${ad.id}`}>{ad.title}</a>
                      {ad.is_demo ? <span class="tag">示例</span> : null}
                      <br />
                      <span class="muted">{KIND_LABEL[ad.kind]} · 权重 {ad.weight}{ad.freq_cap ? ` · 每人每天 ≤ ${ad.freq_cap} 次` : ''}</span>
                    </td>
                    <td data-label="位置">{SLOT_LABEL[ad.slot_key] ?? ad.slot_key}</td>
                    <td data-label="状态">{statusOf(ad, now)}</td>
                    <td data-label="展示" class="num">{ad.totals.impressions}</td>
                    <td data-label="点击" class="num">{ad.totals.clicks}</td>
                    <td data-label="关闭" class="num">{ad.totals.closes}</td>
                    <td data-label="点击率" class="num">{ctr(ad.totals.clicks, ad.totals.impressions)}</td>
                    <td data-label="操作" class="actions">
                      <a class="button small" href={`/admin/ads/${ad.id}`}>
                        编辑
                      </a>
                      <Post c={c} action={`/admin/ads/${ad.id}/${ad.enabled ? 'disable' : 'enable'}`} label={ad.enabled ? '停用' : '启用'} />
                      <Post c={c} action={`/admin/ads/${ad.id}/delete`} label="删除" danger />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
        <section class="panel">
          <h2 class="section-title">广告位</h2>
          <table class="admin-table">
            <thead>
              <tr>
                <th scope="col">广告位</th>
                <th scope="col">设置</th>
              </tr>
            </thead>
            <tbody>
              {slots.map((s) => (
                <tr>
                  <td data-label="广告位">{SLOT_LABEL[s.key] ?? s.name}</td>
                  <td data-label="设置">
                    <SlotForm c={c} slot={s} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      </>,
    );
  });

  const form = async (c: Context<AdminEnv>, title: string, action: string, values: AdFormValues, error?: string, status: ContentfulStatusCode = 200, extra?: unknown) =>
    renderAdmin(
      c,
      deps,
      { title, section: 'ads' },
      <>
        <section class="panel">
          <h1 class="page-title">{title}</h1>
          <Flash kind="error" text={error} />
          <Flash kind="ok" text={doneText(c.req.query('done'))} />
          <AdForm c={c} action={action} values={values} categories={await deps.services.articles.categories()} />
        </section>
        {extra as never}
      </>,
      status,
    );

  app.get('/new', (c) => form(c, '新建广告', '/admin/ads', EMPTY));

  app.post('/', async (c) => {
    const values = await readAdForm(c);
    try {
      const ad = await ads.create(toInput(values), actor(c));
      return c.redirect(`/admin/ads/${ad.id}?done=added`, 303);
    } catch (err) {
      if (!(err instanceof RedianError) || err.status >= 500) throw err;
      return form(c, '新建广告', '/admin/ads', values, err.message, 400);
    }
  });

  const idOf = (c: Context) => {
    const id = parseId(c.req.param('id'));
    if (id === undefined) throw new RedianError('NOT_FOUND', `ad ${c.req.param('id')}`);
    return id;
  };
  /** The console's 404 page for an ad that is not there. */
  const adOr404 = (id: number) => ads.get(id).catch((err) => Promise.reject(isRedianError(err, 'AD_UNKNOWN') ? new RedianError('NOT_FOUND', `ad ${id}`) : err));
  const stats = (ad: AdWithStats) => <AdStats ad={ad} />;

  app.get('/:id', async (c) => {
    const ad = await adOr404(idOf(c));
    return form(c, `广告：${ad.title}`, `/admin/ads/${ad.id}`, valuesOf(ad), undefined, 200, stats(ad));
  });

  app.post('/:id', async (c) => {
    const id = idOf(c);
    const values = await readAdForm(c);
    try {
      await ads.update(id, toInput(values), actor(c));
      return c.redirect(`/admin/ads/${id}?done=saved`, 303);
    } catch (err) {
      if (!(err instanceof RedianError) || err.status >= 500) throw err;
      const ad = await adOr404(id);
      return form(c, `广告：${ad.title}`, `/admin/ads/${id}`, values, err.message, err.status === 404 ? 404 : 400, stats(ad));
    }
  });

  for (const [verb, enabled] of [['enable', true], ['disable', false]] as const) {
    app.post(`/:id/${verb}`, (c) =>
      runAction(c, deps, back, async () => {
        await ads.setEnabled(idOf(c), enabled, actor(c));
        return `/admin/ads?done=${verb}d`;
      }),
    );
  }
  app.post('/:id/delete', (c) =>
    runAction(c, deps, back, async () => {
      await ads.delete(idOf(c), actor(c));
      return '/admin/ads?done=deleted';
    }),
  );
  app.post('/slots/:key', (c) =>
    runAction(c, deps, back, async () => {
      const body = await c.req.parseBody();
      const everyN = typeof body.every_n === 'string' && body.every_n.trim() ? Number(body.every_n) : null;
      await ads.updateSlot(c.req.param('key'), { enabled: body.enabled === '1', everyN }, actor(c));
      return '/admin/ads?done=saved';
    }),
  );
  return app;
}

function statusOf(ad: AdWithStats, now: number): string {
  if (!ad.enabled) return '已停用';
  if (ad.starts_at !== null && ad.starts_at > now) return `待开始（${formatBeijingDateTime(ad.starts_at).replace('T', ' ')}）`;
  if (ad.ends_at !== null && ad.ends_at <= now) return '已结束';
  return '投放中';
}

const ctr = (clicks: number, impressions: number) => (impressions === 0 ? '-' : `${((clicks / impressions) * 100).toFixed(1)}%`);

/** Per day over the last 30 days: a chart of impressions and a table of every count. */
function AdStats({ ad }: { ad: AdWithStats }) {
  const today = beijingDay(Date.now());
  const days = Array.from({ length: AD_STATS_DAYS }, (_, i) => today - (AD_STATS_DAYS - 1) + i);
  const byDay = new Map(ad.daily.map((d) => [d.day, d]));
  return (
    <section class="panel">
      <h2 class="section-title">近 {AD_STATS_DAYS} 天</h2>
      <DayBarChart id={`ad-${ad.id}`} title="每日展示" unit="次" points={days.map((d) => ({ date: dayLabel(d), count: byDay.get(d)?.impressions ?? 0 }))} />
      <table class="admin-table" data-testid="ad-daily">
        <thead>
          <tr>
            <th scope="col">日期</th>
            <th scope="col">展示</th>
            <th scope="col">点击</th>
            <th scope="col">关闭</th>
          </tr>
        </thead>
        <tbody>
          {[...ad.daily].reverse().map((d) => (
            <tr>
              <td data-label="日期">{dayLabel(d.day)}</td>
              <td data-label="展示" class="num">{d.impressions}</td>
              <td data-label="点击" class="num">{d.clicks}</td>
              <td data-label="关闭" class="num">{d.closes}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {ad.daily.length === 0 ? <p class="muted">近 {AD_STATS_DAYS} 天没有数据。</p> : null}
    </section>
  );
}

function AdForm({ c, action, values, categories }: { c: Context<AdminEnv>; action: string; values: AdFormValues; categories: Category[] }) {
  return (
    <form method="post" action={action} class="admin-form" data-testid="ad-form">
      {csrfField(c)}
      <label>
        广告位
        <select name="slot">
          {AD_SLOTS.map((s) => (
            <option value={s} selected={values.slot === s}>
              {SLOT_LABEL[s]}
            </option>
          ))}
        </select>
      </label>
      <label>
        类型
        <select name="kind">
          {AD_KINDS.map((k) => (
            <option value={k} selected={values.kind === k}>
              {KIND_LABEL[k]}
            </option>
          ))}
        </select>
      </label>
      <label>
        标题
        <input name="title" required maxlength={100} value={values.title} />
      </label>
      <label>
        文字（选填）
        <input name="body_text" maxlength={300} value={values.body_text} />
      </label>
      <label>
        图片地址（图片广告；经本站图片代理显示）
        <input name="image_url" type="url" maxlength={2000} value={values.image_url} placeholder="https://…" />
      </label>
      <label>
        链接（只接受 http/https；点击经 /ad/编号/click 跳转到这里）
        <input name="link_url" type="url" required maxlength={2000} value={values.link_url} />
      </label>
      <label>
        HTML 片段（HTML 广告；只在无同源权限的沙箱框架中显示）
        <textarea name="html" rows={5} maxlength={20000}>
          {values.html}
        </textarea>
      </label>
      <label>
        开始（北京时间，留空为立即）
        <input name="starts_at" type="datetime-local" value={values.starts_at} />
      </label>
      <label>
        结束（北京时间，留空为不结束）
        <input name="ends_at" type="datetime-local" value={values.ends_at} />
      </label>
      <label>
        权重（同一广告位中按权重随机展示，0 为不展示）
        <input name="weight" type="number" min={0} max={1000} step={1} value={values.weight} />
      </label>
      <label>
        每位读者每天最多展示次数（留空为不限）
        <input name="freq_cap" type="number" min={1} max={1000} step={1} value={values.freq_cap} />
      </label>
      <fieldset>
        <legend>只在这些分类的页面展示（都不选为全站）</legend>
        {categories.map((cat) => (
          <label class="check">
            <input type="checkbox" name="category_ids" value={String(cat.id)} checked={values.category_ids.includes(cat.id)} />
            {cat.name}
          </label>
        ))}
      </fieldset>
      <label class="check">
        <input type="checkbox" name="enabled" value="1" checked={values.enabled} />
        启用
      </label>
      <button type="submit" class="button">
        保存
      </button>
    </form>
  );
}

function SlotForm({ c, slot }: { c: Context<AdminEnv>; slot: AdSlot }) {
  return (
    <form method="post" action={`/admin/ads/slots/${slot.key}`} class="inline-form" data-slot={slot.key}>
      {csrfField(c)}
      <label class="check">
        <input type="checkbox" name="enabled" value="1" checked={slot.enabled === 1} />
        启用
      </label>
      {slot.key === 'feed' ? (
        <label>
          每
          <input name="every_n" type="number" min={2} max={50} value={String(slot.every_n ?? 6)} size={3} />
          条一个广告
        </label>
      ) : null}
      <button type="submit" class="button small">
        保存
      </button>
    </form>
  );
}

function Post({ c, action, label, danger }: { c: Context<AdminEnv>; action: string; label: string; danger?: boolean }) {
  return (
    <form method="post" action={action} class="inline-form">
      {csrfField(c)}
      <button type="submit" class={danger ? 'button small danger' : 'button small'}>
        {label}
      </button>
    </form>
  );
}

async function readAdForm(c: Context): Promise<AdFormValues> {
  const body = await c.req.parseBody({ all: true });
  const str = (k: string) => {
    const v = body[k];
    return typeof v === 'string' ? v : '';
  };
  const cats = body.category_ids;
  const catList = (Array.isArray(cats) ? cats : cats === undefined ? [] : [cats]).flatMap((v) => {
    const id = typeof v === 'string' ? parseId(v) : undefined;
    return id === undefined ? [] : [id];
  });
  return {
    slot: str('slot'),
    kind: str('kind'),
    title: str('title'),
    body_text: str('body_text'),
    image_url: str('image_url'),
    html: str('html'),
    link_url: str('link_url'),
    starts_at: str('starts_at'),
    ends_at: str('ends_at'),
    weight: str('weight'),
    freq_cap: str('freq_cap'),
    enabled: str('enabled') === '1',
    category_ids: catList,
  };
}

/** What the service validates: times in epoch ms, numbers as numbers; a malformed one fails with its field named. */
function toInput(v: AdFormValues) {
  const time = (raw: string, field: string) => {
    if (!raw.trim()) return null;
    const ms = parseBeijingDateTime(raw);
    if (ms === undefined) throw new RedianError('AD_INVALID', `${field}: not a date and time`);
    return ms;
  };
  const int = (raw: string, field: string, empty: number | null) => {
    if (!raw.trim()) return empty;
    const n = Number(raw);
    if (!Number.isInteger(n)) throw new RedianError('AD_INVALID', `${field}: a whole number`);
    return n;
  };
  return {
    slot: v.slot,
    kind: v.kind,
    title: v.title,
    body_text: v.body_text || null,
    image_url: v.image_url.trim() || null,
    html: v.html || null,
    link_url: v.link_url,
    starts_at: time(v.starts_at, 'start'),
    ends_at: time(v.ends_at, 'end'),
    weight: int(v.weight, 'weight', 1),
    freq_cap: int(v.freq_cap, 'daily cap', null),
    enabled: v.enabled,
    category_ids: v.category_ids,
  };
}

function valuesOf(ad: AdWithStats): AdFormValues {
  return {
    slot: ad.slot_key,
    kind: ad.kind,
    title: ad.title,
    body_text: ad.body_text ?? '',
    image_url: ad.image_url ?? '',
    html: ad.html ?? '',
    link_url: ad.link_url,
    starts_at: ad.starts_at === null ? '' : formatBeijingDateTime(ad.starts_at),
    ends_at: ad.ends_at === null ? '' : formatBeijingDateTime(ad.ends_at),
    weight: String(ad.weight),
    freq_cap: ad.freq_cap === null ? '' : String(ad.freq_cap),
    enabled: ad.enabled === 1,
    category_ids: ad.category_ids,
  };
}
