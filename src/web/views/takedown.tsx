import { TAKEDOWN_LIMITS, type TakedownFieldError, type TakedownFormValues } from '../../rights/form.js';

/** The honeypot: a field people never see or fill in; a bot filling every field gives itself away. */
export const HONEYPOT_FIELD = 'website';

export interface TakedownFormProps {
  notice: string;
  contact: string;
  siteUrl: string;
  values: TakedownFormValues;
  errors: TakedownFieldError[];
  /** Why the whole form was refused (too large, too many attempts, another site). */
  problem?: string;
}

/** /takedown: what to provide, the contact, and the form. Works without JavaScript. */
export function TakedownFormPage(props: TakedownFormProps) {
  const { values, errors } = props;
  const errorOf = (field: keyof TakedownFormValues) => errors.find((e) => e.field === field)?.message;
  const invalid = (field: keyof TakedownFormValues) => (errorOf(field) ? 'true' : undefined);
  return (
    <main class="wrap">
      <section class="panel full takedown">
        <h1 class="page-title">侵权投诉</h1>
        {props.notice ? <p>{props.notice}</p> : null}
        <p>如您认为本站转载的内容侵犯了您的著作权，请填写下表：权利人信息、涉嫌侵权的本站文章链接，以及被侵权作品的说明。核实后我们将及时删除，并通过邮件告知处理结果。</p>
        {props.contact ? <p class="muted">其他联系方式：{props.contact}</p> : null}
        {props.problem || errors.length ? (
          <div class="form-errors" role="alert">
            <p>
              <strong>{props.problem ?? '提交未成功，请修改以下内容：'}</strong>
            </p>
            {errors.length ? (
              <ul>
                {errors.map((e) => (
                  <li>
                    <a href={`#td-${e.field}`}>{e.message}</a>
                  </li>
                ))}
              </ul>
            ) : null}
          </div>
        ) : null}
        <form class="form" method="post" action="/takedown" accept-charset="utf-8">
          <label for="td-claimant">权利人（姓名或名称）</label>
          <input id="td-claimant" name="claimant" required maxlength={TAKEDOWN_LIMITS.claimant} value={values.claimant} aria-invalid={invalid('claimant')} autocomplete="name" />
          {errorOf('claimant') ? <p class="field-error">{errorOf('claimant')}</p> : null}

          <label for="td-organisation">单位（选填）</label>
          <input id="td-organisation" name="organisation" maxlength={TAKEDOWN_LIMITS.organisation} value={values.organisation} aria-invalid={invalid('organisation')} autocomplete="organization" />
          {errorOf('organisation') ? <p class="field-error">{errorOf('organisation')}</p> : null}

          <label for="td-email">电子邮箱</label>
          <input id="td-email" name="email" type="email" required maxlength={TAKEDOWN_LIMITS.email} value={values.email} aria-invalid={invalid('email')} autocomplete="email" />
          {errorOf('email') ? <p class="field-error">{errorOf('email')}</p> : null}

          <label for="td-urls">涉嫌侵权的本站文章链接（每行一个，最多 {TAKEDOWN_LIMITS.urls} 个）</label>
          <textarea id="td-urls" name="urls" rows={4} required placeholder={`${props.siteUrl}/a/123`} aria-invalid={invalid('urls')}>
            {values.urls}
          </textarea>
          {errorOf('urls') ? <p class="field-error">{errorOf('urls')}</p> : null}

          <label for="td-work">被侵权的作品及说明（作品名称、首发位置、权属证明等）</label>
          <textarea id="td-work" name="work" rows={6} required maxlength={TAKEDOWN_LIMITS.work} aria-invalid={invalid('work')}>
            {values.work}
          </textarea>
          {errorOf('work') ? <p class="field-error">{errorOf('work')}</p> : null}

          <div class="hp" aria-hidden="true">
            <label for="td-website">网站（请勿填写）</label>
            <input id="td-website" name={HONEYPOT_FIELD} tabindex={-1} autocomplete="off" value="" />
          </div>

          <label class="check">
            <input id="td-good_faith" type="checkbox" name="good_faith" value="1" required checked={values.good_faith} aria-invalid={invalid('good_faith')} />
            我善意地相信上述文章未经权利人授权使用，且本投诉中的信息真实准确；我是权利人或经其授权行事。
          </label>
          {errorOf('good_faith') ? <p class="field-error">{errorOf('good_faith')}</p> : null}

          <button type="submit">提交投诉</button>
        </form>
      </section>
    </main>
  );
}

/** After a successful submission: the reference to quote. */
export function TakedownReceivedPage({ reference, email }: { reference: string | undefined; email: string }) {
  return (
    <main class="wrap">
      <section class="panel full takedown">
        <h1 class="page-title">投诉已提交</h1>
        {reference ? (
          <p>
            您的投诉编号：<strong class="reference">{reference}</strong>
          </p>
        ) : null}
        <p>我们将尽快核实处理，结果会发送到 {email || '您填写的邮箱'}。如需补充材料，请注明投诉编号。</p>
        <p>
          <a href="/">返回首页</a>
        </p>
      </section>
    </main>
  );
}
