/** 404, 410 and 500 bodies. */
export function ErrorPage({ code, title, message }: { code: number; title: string; message: string }) {
  return (
    <main class="wrap">
      <section class="panel full error-page">
        <p class="code">{code}</p>
        <h1 class="page-title">{title}</h1>
        <p class="muted">{message}</p>
        <p>
          <a href="/">返回首页</a>
        </p>
      </section>
    </main>
  );
}

export function TakedownPage({ notice, contact }: { notice: string; contact: string }) {
  return (
    <main class="wrap">
      <section class="panel full">
        <h1 class="page-title">侵权投诉</h1>
        {notice ? <p>{notice}</p> : null}
        <p>如您认为本站转载的内容侵犯了您的著作权，请提供：权利人信息、权属证明、涉嫌侵权文章的链接，以及侵权说明。核实后我们将及时删除。</p>
        <h2 class="section-title">联系方式</h2>
        <p>{contact || '站点管理员尚未设置联系方式。'}</p>
      </section>
    </main>
  );
}
