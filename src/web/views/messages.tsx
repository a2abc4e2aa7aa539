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
