import { z } from 'zod';
import { TtlCache } from '../cache/ttl-cache.js';
import { type Bus, LocalBus, TOPICS } from '../cluster/bus.js';
import { RedianError } from '../errors.js';
import type { SettingRepo } from '../store/repos/settings.js';

const text = (max: number) => z.string().trim().max(max, `at most ${max} characters`);

/**
 * Every site setting editors may change: its meaning, its rule and its default. Pages read
 * them through `SettingsService.current()`; nothing shown here is written into a template.
 */
export const SETTINGS = {
  site_name: { label: '站点名称', schema: text(40).min(1, 'must not be empty'), default: '热点' },
  site_description: {
    label: '站点简介 (meta description)',
    schema: text(200),
    default: '热点资讯：汇集各家媒体的新闻，看大家都在读什么。',
  },
  site_domain: {
    label: '站点域名，显示在页脚；留空时取 SITE_URL 的主机名',
    schema: text(253).regex(/^$|^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(:\d{1,5})?$/i, 'must be a host name such as news.example.com'),
    default: '',
  },
  site_logo: {
    label: '站点标志图片（https:// 网址或以 / 开头的站内路径）；留空则显示站点名称',
    schema: text(500).regex(/^$|^https:\/\/[^\s"'<>]+$|^\/(?!\/)[^\s"'<>]*$/, 'must be an https:// URL or a path starting with /'),
    default: '',
  },
  icp_number: { label: 'ICP 备案号', schema: text(64), default: '' },
  psb_number: { label: '公安备案号（如 京公网安备11010502030143号）', schema: text(64), default: '' },
  copyright_start_year: {
    label: '版权起始年份',
    schema: z
      .string()
      .trim()
      .regex(/^$|^\d{4}$/, 'must be a four-digit year')
      .refine((v) => v === '' || (Number(v) >= 1990 && Number(v) <= new Date().getFullYear()), {
        message: `must be between 1990 and ${new Date().getFullYear()}`,
      }),
    default: '',
  },
  reprint_disclaimer: {
    label: '转载免责声明，显示在每篇文章末尾',
    schema: text(1000),
    default:
      '版权与免责声明：本文内容转载自其他媒体，目的在于传递更多信息，不代表本站观点或立场，版权归原作者及原出处所有。如涉及作品内容、版权等问题，请联系本站处理。',
  },
  infringement_notice: {
    label: '全站侵权提示，链接到侵权投诉页',
    schema: text(300),
    default: '本站所有信息收集于互联网，如本站收集信息侵权，请联系我们及时删除。',
  },
  takedown_contact: { label: '侵权投诉联系方式（邮箱、电话或地址）', schema: text(500), default: '' },
} as const satisfies Record<string, { label: string; schema: z.ZodType<string>; default: string }>;

export type SettingKey = keyof typeof SETTINGS;
export type SiteSettings = Record<SettingKey, string>;

export function isSettingKey(key: string): key is SettingKey {
  return Object.hasOwn(SETTINGS, key);
}

/** Settings with validation and defaults, cached briefly so a page costs no query for them. */
export class SettingsService {
  private readonly cache: TtlCache<'all', SiteSettings>;

  constructor(
    private readonly repo: SettingRepo,
    /** How long a read may be reused; changes made by another process show after at most this. */
    ttlMs = 1000,
    /** Tells every node (this one at once) that settings changed. */
    private readonly bus: Bus = new LocalBus(),
  ) {
    this.cache = new TtlCache(ttlMs, 1);
    bus.subscribe(TOPICS.settingsChanged, () => this.cache.clear());
  }

  /** Called after every change, made on this node or, with Redis, on another (caches of rendered pages listen). */
  onChange(listener: () => void): void {
    this.bus.subscribe(TOPICS.settingsChanged, listener);
  }

  current(): Promise<SiteSettings> {
    return this.cache.getOrLoad('all', () => this.load());
  }

  private async load(): Promise<SiteSettings> {
    const stored = await this.repo.all();
    const value = {} as SiteSettings;
    for (const key of Object.keys(SETTINGS) as SettingKey[]) {
      // A stored value a newer rule rejects falls back to the default rather than breaking pages.
      const raw = stored.get(key);
      value[key] = raw !== undefined && SETTINGS[key].schema.safeParse(raw).success ? raw : SETTINGS[key].default;
    }
    return value;
  }

  /** Which keys hold a stored value (as opposed to the default). */
  async storedKeys(): Promise<Set<string>> {
    return new Set((await this.repo.all()).keys());
  }

  async set(key: string, value: string): Promise<string> {
    const k = this.key(key);
    const parsed = SETTINGS[k].schema.safeParse(value);
    if (!parsed.success) {
      throw new RedianError('SETTING_INVALID', `${k} ${parsed.error.issues[0]?.message ?? 'is invalid'}`);
    }
    await this.repo.set(k, parsed.data);
    await this.changed();
    return parsed.data;
  }

  /** Back to the default. */
  async reset(key: string): Promise<void> {
    await this.repo.delete(this.key(key));
    await this.changed();
  }

  private async changed(): Promise<void> {
    this.cache.clear();
    await this.bus.publish(TOPICS.settingsChanged);
  }

  private key(key: string): SettingKey {
    if (!isSettingKey(key)) {
      throw new RedianError('SETTING_UNKNOWN', `"${key}"; known settings: ${Object.keys(SETTINGS).join(', ')}`);
    }
    return key;
  }
}
