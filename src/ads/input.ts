import { z } from 'zod';
import { RedianError } from '../errors.js';
import type { AdKind } from '../store/schema.js';
import { checkAdUrl } from './links.js';

export const AD_KINDS = ['image', 'text', 'html'] as const satisfies readonly AdKind[];

/** What an editor gives for an ad, from the console form or the CLI. */
export const AdInputSchema = z
  .object({
    slot: z.string().min(1, '请选择广告位'),
    kind: z.enum(AD_KINDS, { message: 'kind must be image, text or html' }),
    title: z.string().trim().min(1, 'title is required').max(100, 'title: at most 100 characters'),
    body_text: z.string().trim().max(300, 'text: at most 300 characters').nullable().default(null),
    image_url: z.string().trim().max(2000).nullable().default(null),
    html: z.string().max(20_000, 'HTML snippet: at most 20,000 characters').nullable().default(null),
    link_url: z.string().trim().min(1, 'link is required').max(2000, 'link: at most 2000 characters'),
    starts_at: z.number().int().nullable().default(null),
    ends_at: z.number().int().nullable().default(null),
    weight: z.number().int('weight must be a whole number').min(0, 'weight: 0 to 1000').max(1000, 'weight: 0 to 1000').default(1),
    freq_cap: z.number().int().min(1, 'daily cap per reader: at least 1').max(1000).nullable().default(null),
    enabled: z.boolean().default(true),
    category_ids: z.array(z.number().int().positive()).max(50).default([]),
  })
  .superRefine((ad, ctx) => {
    if (ad.kind === 'image' && !ad.image_url) ctx.addIssue({ code: 'custom', message: 'an image ad needs an image URL', path: ['image_url'] });
    if (ad.kind === 'html' && !ad.html?.trim()) ctx.addIssue({ code: 'custom', message: 'an HTML ad needs its snippet', path: ['html'] });
    if (ad.starts_at !== null && ad.ends_at !== null && ad.ends_at <= ad.starts_at) {
      ctx.addIssue({ code: 'custom', message: 'the end must come after the start', path: ['ends_at'] });
    }
  });

export type AdInput = z.output<typeof AdInputSchema>;

/** Validates an ad; throws AD_INVALID naming the first problem. Links are checked as http(s). */
export function parseAdInput(raw: unknown): AdInput {
  const parsed = AdInputSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new RedianError('AD_INVALID', issue.path.length ? `${issue.path.join('.')}: ${issue.message}` : issue.message);
  }
  const ad = parsed.data;
  return {
    ...ad,
    link_url: checkAdUrl(ad.link_url, 'link'),
    image_url: ad.image_url ? checkAdUrl(ad.image_url, 'image URL') : null,
    body_text: ad.body_text || null,
    html: ad.kind === 'html' ? ad.html : null,
    category_ids: [...new Set(ad.category_ids)],
  };
}
