/** The newsletter email of a post: plain text and light HTML in the recipient's language. */
import { renderToString } from 'preact-render-to-string';
import { textFor } from '../../platform/i18n/content.js';
import { htmlLang, type Locale } from '../../platform/i18n/locales.js';
import { formatMessage } from '../../platform/i18n/messages.js';
import type { MailSettings } from '../notifications/notifications.service.js';
import type { NewsPostView } from './news.service.js';

const EMAIL_BODY_CHARS = 6000;

/** The newsletter email of a post in one language. */
export function renderNewsletter(post: NewsPostView, locale: Locale, settings: MailSettings, unsubscribe: string): { subject: string; text: string; html: string } {
  const t = (key: string) => formatMessage(locale, key);
  const title = textFor(post.title, locale);
  const summary = textFor(post.summary, locale);
  let body = textFor(post.body, locale);
  if (body.length > EMAIL_BODY_CHARS) body = body.slice(0, EMAIL_BODY_CHARS) + '…';
  const url = `${settings.baseUrl}/${locale.toLowerCase()}/news/${post.id}`;
  const prefs = `${settings.baseUrl}/${locale.toLowerCase()}/notifications/preferences`;
  const paragraphs = body.split(/\n{2,}/).filter(Boolean);
  const html =
    '<!doctype html>' +
    renderToString(
      <html lang={htmlLang(locale)}>
        <head>
          <meta charset="utf-8" />
          <title>{title}</title>
        </head>
        <body style="font-family:sans-serif;line-height:1.5;max-width:40em">
          <h1 style="font-size:1.3em">{title}</h1>
          {summary ? <p><strong>{summary}</strong></p> : null}
          {paragraphs.map((p) => <p>{p}</p>)}
          <p>
            <a href={url}>{t('news.email.read_online')}</a>
          </p>
          <hr />
          <p style="font-size:small;color:#555">
            <a href={prefs}>{t('notif.email.preferences')}</a> · <a href={unsubscribe}>{t('notif.email.unsubscribe')}</a>
          </p>
        </body>
      </html>,
    );
  const text = [title, '', ...(summary ? [summary, ''] : []), body, '', `${t('news.email.read_online')}: ${url}`, '', '--', `${t('notif.email.preferences')}: ${prefs}`, `${t('notif.email.unsubscribe')}: ${unsubscribe}`].join('\n');
  return { subject: title.slice(0, 150), text, html };
}

