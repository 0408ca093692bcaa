// Business hours: a weekly schedule in an IANA time zone; is a person there now, and when will one be. Pure.
import { DateTime, IANAZone } from 'luxon';

export const weekdays = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof weekdays)[number];

export type BusinessHours = {
  timeZone: string;
  /** Per weekday, intervals "HH:MM-HH:MM" in local time; a missing day is closed. */
  weekly: Partial<Record<Weekday, string[]>>;
};

const INTERVAL = /^([01]\d|2[0-3]):([0-5]\d)-([01]\d|2[0-4]):([0-5]\d)$/;

/** Minutes since local midnight of an interval, or null when it is malformed or empty. */
export function parseInterval(s: string): { from: number; to: number } | null {
  const m = INTERVAL.exec(s);
  if (!m) return null;
  const from = Number(m[1]) * 60 + Number(m[2]);
  const to = Number(m[3]) * 60 + Number(m[4]);
  return to > from && to <= 24 * 60 ? { from, to } : null;
}

export const isValidTimeZone = (zone: string): boolean => IANAZone.isValidZone(zone);

function local(hours: BusinessHours, now: number): DateTime {
  return DateTime.fromMillis(now, { zone: hours.timeZone });
}

const dayOf = (d: DateTime): Weekday => weekdays[d.weekday - 1]!;

export function isOpen(hours: BusinessHours, now: number): boolean {
  const d = local(hours, now);
  const minute = d.hour * 60 + d.minute;
  return (hours.weekly[dayOf(d)] ?? []).some((s) => {
    const i = parseInterval(s);
    return i !== null && minute >= i.from && minute < i.to;
  });
}

/** The next moment the business opens after `now` (within a week), or null when the schedule is empty. */
export function nextOpening(hours: BusinessHours, now: number): number | null {
  const today = local(hours, now).startOf('day');
  for (let d = 0; d <= 7; d++) {
    const day = today.plus({ days: d });
    const starts = (hours.weekly[dayOf(day)] ?? [])
      .map(parseInterval)
      .filter((i): i is { from: number; to: number } => i !== null)
      .map((i) => day.set({ hour: Math.floor(i.from / 60), minute: i.from % 60 }).toMillis())
      .filter((t) => t > now)
      .sort((a, b) => a - b);
    if (starts.length > 0) return starts[0]!;
  }
  return null;
}

/** "maandag 09:00" / "Monday 09:00" in the business's time zone and the customer's language. */
export function formatOpening(hours: BusinessHours, at: number, language: string): string {
  return DateTime.fromMillis(at, { zone: hours.timeZone }).setLocale(language).toFormat('cccc HH:mm');
}
