import { Hono } from 'hono';
import type { Context } from 'hono';
import { SETTINGS, type SettingKey, type SiteSettings } from '../../../settings/settings.js';
import type { WebDeps } from '../../context.js';
import { doneText } from './actions.js';
import { adminGuard, type AdminEnv, csrfField, currentAdmin, Flash, formValue, renderAdmin } from './shell.js';

const KEYS = Object.keys(SETTINGS) as SettingKey[];
/** Long texts get a text area. */
const LONG = new Set<SettingKey>(['site_description', 'reprint_disclaimer', 'infringement_notice', 'takedown_contact']);

/** /admin/settings (admins only): every site setting, checked by its rule, shown on every page at once. */
export function settingsRoutes(deps: WebDeps): Hono<AdminEnv> {
  const { settings, audit } = deps.services;
  const app = new Hono<AdminEnv>();
  app.use('*', adminGuard(deps, 'admin'));

  const page = (c: Context<AdminEnv>, values: SiteSettings, errors: Partial<Record<SettingKey, string>>, status: 200 | 400) =>
    renderAdmin(
      c,
      deps,
      { title: '设置', section: 'settings' },
      <section class="panel">
        <h1 class="page-title">站点设置</h1>
        <Flash kind="ok" text={doneText(c.req.query('done'))} />
        <Flash kind="error" text={Object.keys(errors).length ? '有设置未通过检查，请按提示修改后再保存。' : undefined} />
        <form method="post" action="/admin/settings" class="admin-form">
          {csrfField(c)}
          {KEYS.map((key) => {
            const def = SETTINGS[key];
            const error = errors[key];
            const id = `setting-${key}`;
            return (
              <label for={id} class={error ? 'invalid' : undefined}>
                {def.label}
                <span class="muted key">{key}</span>
                {LONG.has(key) ? (
                  <textarea id={id} name={key} rows={3} aria-invalid={error ? 'true' : undefined} aria-describedby={error ? `${id}-error` : undefined}>
                    {values[key]}
                  </textarea>
                ) : (
                  <input id={id} name={key} value={values[key]} aria-invalid={error ? 'true' : undefined} aria-describedby={error ? `${id}-error` : undefined} />
                )}
                {error ? (
                  <span class="field-error" id={`${id}-error`}>
                    {error}
                  </span>
                ) : null}
              </label>
            );
          })}
          <button type="submit" class="button">
            保存
          </button>
        </form>
      </section>,
      status,
    );

  app.get('/', async (c) => page(c, await settings.current(), {}, 200));

  app.post('/', async (c) => {
    const current = await settings.current();
    const submitted = {} as SiteSettings;
    const errors: Partial<Record<SettingKey, string>> = {};
    for (const key of KEYS) {
      submitted[key] = (await formValue(c, key)).replace(/\r\n/g, '\n');
      const parsed = SETTINGS[key].schema.safeParse(submitted[key]);
      if (!parsed.success) errors[key] = parsed.error.issues[0]?.message ?? 'invalid';
      else submitted[key] = parsed.data;
    }
    // All or nothing: a form with one bad field saves none of them.
    if (Object.keys(errors).length) return page(c, submitted, errors, 400);
    const actor = currentAdmin(c).username;
    for (const key of KEYS) {
      if (submitted[key] === current[key]) continue;
      await settings.set(key, submitted[key]);
      await audit.record({ actor, action: 'setting.set', target: `setting:${key}`, before: current[key], after: submitted[key] });
    }
    return c.redirect('/admin/settings?done=saved', 303);
  });
  return app;
}
