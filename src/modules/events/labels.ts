/** Message keys of the events' codes, written out so the catalogue check sees every one. */

export const TYPE_LABELS: Record<string, string> = {
  workshop: 'events.type.workshop',
  training: 'events.type.training',
  festival: 'events.type.festival',
  screening: 'events.type.screening',
  conference: 'events.type.conference',
  exhibition: 'events.type.exhibition',
  market: 'events.type.market',
  meeting: 'events.type.meeting',
};

export const STATUS_LABELS: Record<string, string> = {
  draft: 'events.status.draft',
  published: 'events.status.published',
  cancelled: 'events.status.cancelled',
};

export const QUESTION_LABELS: Record<string, string> = {
  text: 'events.question.text',
  choice: 'events.question.choice',
  yesno: 'events.question.yesno',
};

export const REGISTRATION_LABELS: Record<string, string> = {
  confirmed: 'events.registration_status.confirmed',
  waitlisted: 'events.registration_status.waitlisted',
  cancelled: 'events.registration_status.cancelled',
};

export const MAIL_KEYS: Record<'confirmed' | 'waitlisted' | 'promoted' | 'reminder' | 'cancelled', { subject: string; body: string }> = {
  confirmed: { subject: 'events.mail.confirmed.subject', body: 'events.mail.confirmed.body' },
  waitlisted: { subject: 'events.mail.waitlisted.subject', body: 'events.mail.waitlisted.body' },
  promoted: { subject: 'events.mail.promoted.subject', body: 'events.mail.promoted.body' },
  reminder: { subject: 'events.mail.reminder.subject', body: 'events.mail.reminder.body' },
  cancelled: { subject: 'events.mail.cancelled.subject', body: 'events.mail.cancelled.body' },
};

/** Why a code cannot be checked in, by registration status. */
export const CHECKIN_REFUSED: Record<string, string> = {
  waitlisted: 'events.checkin.waitlisted',
  cancelled: 'events.checkin.cancelled',
};

export const LINK_GROUP_LABELS: Record<'resources' | 'materials', string> = {
  resources: 'events.field.resources',
  materials: 'events.field.materials',
};
