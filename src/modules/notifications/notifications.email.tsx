/**
 * Notification emails: plain text plus light HTML (no images, no external styles), in the
 * recipient's language. A digest lists at most DIGEST_MAX_ITEMS and is kept under
 * MAX_EMAIL_BYTES of HTML; the rest is one link away on the notifications page.
 */
import { renderToString } from 'preact-render-to-string';
import { htmlLang, type Locale } from '../../platform/i18n/locales.js';
import { formatMessage } from '../../platform/i18n/messages.js';

/** Largest notification email on the wire, in bytes (headers, both parts, transfer encoding). */
export const MAX_EMAIL_BYTES = 20 * 1024;
/**
 * Budget of the two parts before encoding: non-Latin text travels as base64 (4/3 larger), and
 * headers take about a kilobyte.
 */
const PARTS_BUDGET = Math.floor(((MAX_EMAIL_BYTES - 1536) * 3) / 4);
const MAX_ITEMS = 40;
const MAX_ITEM_CHARS = 280;

/** One line of an email. */
export interface EmailItem {
  text: string;
  url: string;
  at: string;
}

/** What an email is made of. */
export interface EmailInput {
  kind: 'immediate' | 'daily' | 'weekly';
  locale: Locale;
  name: string;
  items: EmailItem[];
  preferencesUrl: string;
  notificationsUrl: string;
  unsubscribeUrl: string;
}

function clip(text: string): string {
  return text.length > MAX_ITEM_CHARS ? text.slice(0, MAX_ITEM_CHARS - 1) + '…' : text;
}

function html(input: EmailInput, items: EmailItem[], more: number, t: (key: string, values?: Record<string, string | number>) => string, subject: string): string {
  const body = (
    <html lang={htmlLang(input.locale)}>
      <head>
        <meta charset="utf-8" />
        <title>{subject}</title>
      </head>
      <body style="font-family:sans-serif;line-height:1.5;max-width:40em">
        <p>{t('notif.email.greeting', { name: input.name })}</p>
        <ul>
          {items.map((i) => (
            <li>
              <a href={i.url}>{clip(i.text)}</a>
            </li>
          ))}
        </ul>
        {more > 0 ? (
          <p>
            <a href={input.notificationsUrl}>{t('notif.email.more', { count: more })}</a>
          </p>
        ) : null}
        <hr />
        <p style="font-size:small;color:#555">
          <a href={input.preferencesUrl}>{t('notif.email.preferences')}</a> · <a href={input.unsubscribeUrl}>{t('notif.email.unsubscribe')}</a>
        </p>
      </body>
    </html>
  );
  return '<!doctype html>' + renderToString(body);
}

/** Renders a notification email: subject, text and HTML. */
export function renderNotificationEmail(input: EmailInput): { subject: string; text: string; html: string } {
  const t = (key: string, values?: Record<string, string | number>) => formatMessage(input.locale, key, values);
  const total = input.items.length;
  const subject =
    input.kind === 'immediate' && total === 1
      ? clip(input.items[0]!.text).slice(0, 150)
      : t(input.kind === 'weekly' ? 'notif.email.subject_weekly' : 'notif.email.subject_daily', { count: total });
  const plain = (shown: EmailItem[]) =>
    [
      t('notif.email.greeting', { name: input.name }),
      '',
      ...shown.flatMap((i) => [`- ${clip(i.text)}`, `  ${i.url}`]),
      ...(total > shown.length ? ['', `${t('notif.email.more', { count: total - shown.length })}: ${input.notificationsUrl}`] : []),
      '',
      '--',
      `${t('notif.email.preferences')}: ${input.preferencesUrl}`,
      `${t('notif.email.unsubscribe')}: ${input.unsubscribeUrl}`,
    ].join('\n');
  // Newest first; fewer items until both parts fit the budget (the rest is one link away).
  let shown = input.items.slice(-MAX_ITEMS).reverse();
  let out = { html: html(input, shown, total - shown.length, t, subject), text: plain(shown) };
  while (Buffer.byteLength(out.html) + Buffer.byteLength(out.text) > PARTS_BUDGET && shown.length > 1) {
    shown = shown.slice(0, Math.max(1, Math.floor(shown.length * 0.8)));
    out = { html: html(input, shown, total - shown.length, t, subject), text: plain(shown) };
  }
  return { subject, ...out };
}
