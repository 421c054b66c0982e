import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import ICAL from 'ical.js';
import { CODE_ALPHABET, isCheckinCode, newCheckinCode, normaliseCode } from './codes.js';
import { formatWhen } from './events.service.js';
import { buildCalendar } from './ics.js';
import { isTimeZone, monthBounds, utcToZonedInput, zonedToUtc } from './time.js';
import { eventInput } from './views/form-input.js';

describe('time zones', () => {
  test('wall-clock times are stored in UTC and shown back in the event zone', () => {
    assert.equal(zonedToUtc('2026-03-14T09:30', 'Asia/Vientiane'), '2026-03-14T02:30:00.000Z');
    assert.equal(zonedToUtc('2026-03-14T09:30', 'Africa/Kigali'), '2026-03-14T07:30:00.000Z');
    assert.equal(zonedToUtc('2026-03-14 09:30', 'Asia/Tashkent'), '2026-03-14T04:30:00.000Z');
    assert.equal(zonedToUtc('2026-03-14T09:30:00+07:00', 'Africa/Kigali'), '2026-03-14T02:30:00.000Z');
    assert.equal(utcToZonedInput('2026-03-14T02:30:00.000Z', 'Asia/Tashkent'), '2026-03-14T07:30');
    // Across a daylight-saving change (Paris, last Sunday of March).
    assert.equal(zonedToUtc('2026-03-29T12:00', 'Europe/Paris'), '2026-03-29T10:00:00.000Z');
    for (const bad of ['2026-02-30T09:30', '2026-13-01T00:00', 'not a time', '']) assert.equal(zonedToUtc(bad, 'Asia/Vientiane'), null, bad);
    assert.equal(isTimeZone('Asia/Vientiane'), true);
    assert.equal(isTimeZone('Mars/Olympus'), false);
    assert.equal(monthBounds('2026-13'), null);
    assert.ok(monthBounds('2026-02'));
  });

  test('times are shown with the zone named', () => {
    assert.match(formatWhen('en', '2026-03-14T02:30:00.000Z', '2026-03-14T05:00:00.000Z', 'Asia/Vientiane'), /14.*2026, 09:30–12:00 \(Asia\/Vientiane\)$/);
  });
});

describe('check-in codes', () => {
  test('codes are short and use no look-alike characters; typing is forgiving about case and spaces', () => {
    for (let i = 0; i < 200; i++) assert.ok(isCheckinCode(newCheckinCode()));
    for (const c of '01258BILOSZ') assert.ok(!CODE_ALPHABET.includes(c), c);
    assert.equal(normaliseCode(' ac3-d4f '), 'AC3D4F');
  });
});

describe('iCalendar', () => {
  test('a calendar with awkward text parses back with ical.js', () => {
    const ics = buildCalendar(
      [{ uid: 's1@host', summary: 'Khaen; night, with\\backslash', description: 'Line 1\nLine 2', location: 'Vientiane', url: 'https://example.org/e/1', startsAt: '2026-03-14T02:30:00.000Z', endsAt: '2026-03-14T05:00:00.000Z', cancelled: true, updatedAt: '2026-01-01T00:00:00.000Z' }],
      { name: 'Lao PDR', method: 'REQUEST' },
    );
    assert.match(ics, /\r\nEND:VCALENDAR\r\n$/);
    const cal = new ICAL.Component(ICAL.parse(ics));
    assert.equal(cal.getFirstPropertyValue('method'), 'REQUEST');
    const ev = cal.getFirstSubcomponent('vevent')!;
    assert.equal(ev.getFirstPropertyValue('summary'), 'Khaen; night, with\\backslash');
    assert.equal(ev.getFirstPropertyValue('description'), 'Line 1\nLine 2');
    assert.equal(ev.getFirstPropertyValue('status'), 'CANCELLED');
    assert.equal((ev.getFirstPropertyValue('dtstart') as ICAL.Time).toJSDate().toISOString(), '2026-03-14T02:30:00.000Z');
  });
});

describe('event form', () => {
  test('flat form fields become the service input; organisers are found in pasted links', () => {
    const input = eventInput({
      'title.lo': 'ງານ',
      'title.xx': 'ignored',
      'sessions.1.start': '2026-03-14T09:00',
      'sessions.1.end': '2026-03-14T10:00',
      'sessions.70.start': 'too far',
      'questions.0.label': 'Size',
      'questions.0.kind': 'choice',
      'questions.0.options': 'S\nM',
      organizers: 'https://mosaic.example/organizations/0190ABCD-0000-7000-8000-000000000001\nnonsense',
      registrationOpen: 'on',
    });
    assert.deepEqual(input.title, { lo: 'ງານ' });
    assert.equal(input.sessions!.length, 1);
    assert.deepEqual(input.organizers, ['0190abcd-0000-7000-8000-000000000001']);
    assert.equal(input.registrationOpen, true);
    assert.equal(input.questions![0]!.options, 'S\nM');
  });
});
