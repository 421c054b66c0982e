/** Renders a page (JSX → HTML, auto-escaped by preact-render-to-string) into a reply. */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ComponentChildren, VNode } from 'preact';
import { renderToString } from 'preact-render-to-string';
import { viewContext, type ViewContext } from './context.js';
import { Layout, type PageOptions } from './layout.js';

/** Renders `body(ctx)` inside the layout and sends it with `status`. */
export function sendPage(
  request: FastifyRequest,
  reply: FastifyReply,
  options: PageOptions & { status?: number },
  body: (ctx: ViewContext) => ComponentChildren,
): FastifyReply {
  const ctx = viewContext(request, reply);
  const html = renderToString(
    <Layout ctx={ctx} options={options}>
      {body(ctx)}
    </Layout>,
  );
  reply.code(options.status ?? 200);
  reply.header('Cache-Control', 'no-store');
  reply.header('Content-Language', ctx.locale);
  reply.header('Vary', 'Cookie, Accept-Language');
  return reply.type('text/html; charset=utf-8').send('<!doctype html>' + html);
}

/** Renders a fragment to a string (emails, tests). */
export function renderFragment(node: VNode): string {
  return renderToString(node);
}
