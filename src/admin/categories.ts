import { z } from 'zod';
import type { AuditService } from '../audit/audit.js';
import { type Bus, TOPICS } from '../cluster/bus.js';
import { RedianError } from '../errors.js';
import type { CategoryWithCounts, EditorialRepo } from '../store/repos/editorial.js';
import type { Category } from '../store/schema.js';

const Slug = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, '标识只能用小写字母、数字和 "-"（用在网址 /c/标识 中）');
const Name = z.string().trim().min(1, '名称不能为空').max(20, '名称最多 20 字');

function parse<T>(schema: z.ZodType<T>, value: unknown): T {
  const r = schema.safeParse(value);
  if (!r.success) throw new RedianError('EDIT_INVALID', r.error.issues[0]!.message);
  return r.data;
}

/**
 * The category tabs: add, rename, reorder, delete when nothing is filed under one. Each
 * change is announced so every node rebuilds its tabs at once.
 */
export class CategoryAdmin {
  constructor(
    private readonly repo: EditorialRepo,
    private readonly audit: AuditService,
    private readonly bus: Bus,
  ) {}

  list(): Promise<CategoryWithCounts[]> {
    return this.repo.categoriesWithCounts();
  }

  async add(input: { slug: string; name: string }, actor: string): Promise<Category> {
    const slug = parse(Slug, input.slug);
    const name = parse(Name, input.name);
    if (await this.repo.categoryBySlug(slug)) throw new RedianError('EDIT_INVALID', `标识 "${slug}" 已被使用`);
    const all = await this.repo.categoriesWithCounts();
    const position = all.reduce((max, c) => Math.max(max, c.position), 0) + 1;
    const created = await this.repo.insertCategory({ slug, name, position });
    await this.audit.record({ actor, action: 'category.create', target: `category:${slug}`, after: { slug, name, position } });
    await this.bus.publish(TOPICS.categoriesChanged);
    return created;
  }

  async rename(id: number, nameRaw: string, actor: string): Promise<void> {
    const before = await this.get(id);
    const name = parse(Name, nameRaw);
    await this.repo.updateCategory(id, { name });
    await this.audit.record({ actor, action: 'category.rename', target: `category:${before.slug}`, before: { name: before.name }, after: { name } });
    await this.bus.publish(TOPICS.categoriesChanged);
  }

  /** One place up or down in the tabs. */
  async move(id: number, direction: 'up' | 'down', actor: string): Promise<void> {
    const all = await this.repo.categoriesWithCounts();
    const at = all.findIndex((c) => c.id === id);
    if (at < 0) throw new RedianError('NOT_FOUND', `category ${id}`);
    const other = all[direction === 'up' ? at - 1 : at + 1];
    if (!other) return;
    const self = all[at]!;
    const before = all.map((c) => c.slug);
    const order = [...all];
    order[at] = other;
    order[all.indexOf(other)] = self;
    await this.repo.setCategoryOrder(order.map((c) => c.id));
    await this.audit.record({ actor, action: 'category.move', target: `category:${self.slug}`, before: { order: before }, after: { order: order.map((c) => c.slug) } });
    await this.bus.publish(TOPICS.categoriesChanged);
  }

  async delete(id: number, actor: string): Promise<void> {
    const all = await this.repo.categoriesWithCounts();
    const category = all.find((c) => c.id === id);
    if (!category) throw new RedianError('NOT_FOUND', `category ${id}`);
    if (category.article_count > 0 || category.source_count > 0) {
      throw new RedianError('CATEGORY_NOT_EMPTY', `${category.name}：${category.article_count} 篇文章，${category.source_count} 个来源`);
    }
    await this.repo.deleteCategory(id);
    await this.audit.record({ actor, action: 'category.delete', target: `category:${category.slug}`, before: { slug: category.slug, name: category.name } });
    await this.bus.publish(TOPICS.categoriesChanged);
  }

  private async get(id: number): Promise<Category> {
    const c = await this.repo.category(id);
    if (!c) throw new RedianError('NOT_FOUND', `category ${id}`);
    return c;
  }
}
