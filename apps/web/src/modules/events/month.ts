import type { NetworkEvent } from '@contracts';
import { browserTimeZone, wallClockIn } from './event-times';

/** A month as `YYYY-MM`. */
export type MonthId = string;

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

export function parseMonth(value: string | null, fallback: MonthId): MonthId {
  if (!value || !MONTH.test(value)) return fallback;
  const year = Number(value.slice(0, 4));
  return year >= 1970 && year <= 9999 ? value : fallback;
}

/** This month in the browser's zone. */
export function currentMonth(now: Date = new Date()): MonthId {
  return wallClockIn(now.toISOString(), browserTimeZone()).date.slice(0, 7);
}

function parts(month: MonthId): { year: number; month: number } {
  return { year: Number(month.slice(0, 4)), month: Number(month.slice(5, 7)) };
}

export function addMonths(month: MonthId, delta: number): MonthId {
  const { year, month: m } = parts(month);
  const index = year * 12 + (m - 1) + delta;
  return `${String(Math.floor(index / 12)).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/** "June 2026". */
export function monthLabel(month: MonthId): string {
  const { year, month: m } = parts(month);
  return new Intl.DateTimeFormat('en-GB', {
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(new Date(Date.UTC(year, m - 1, 1)));
}

/**
 * The month's bounds as instants: midnight on its first day and on the next month's first day,
 * in the browser's zone (the viewer's days).
 */
export function monthRange(month: MonthId): { from: string; to: string } {
  const { year, month: m } = parts(month);
  return {
    from: new Date(year, m - 1, 1).toISOString(),
    to: new Date(year, m, 1).toISOString(),
  };
}

export interface CalendarDay {
  /** `YYYY-MM-DD`. */
  date: string;
  day: number;
  inMonth: boolean;
  /** "Monday 29 June 2026". */
  label: string;
}

const pad = (value: number) => String(value).padStart(2, '0');

const dayLabel = new Intl.DateTimeFormat('en-GB', {
  weekday: 'long',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  timeZone: 'UTC',
});

function labelOf(date: Date): string {
  const get = (type: Intl.DateTimeFormatPartTypes) =>
    dayLabel.formatToParts(date).find((part) => part.type === type)?.value ?? '';
  return `${get('weekday')} ${get('day')} ${get('month')} ${get('year')}`;
}

/** The weeks (Monday first) that cover the month, with the days of the months either side. */
export function monthWeeks(month: MonthId): CalendarDay[][] {
  const { year, month: m } = parts(month);
  const first = new Date(Date.UTC(year, m - 1, 1));
  // getUTCDay: Sunday 0 … Saturday 6; Monday-first offset.
  const lead = (first.getUTCDay() + 6) % 7;
  const start = Date.UTC(year, m - 1, 1 - lead);
  const weeks: CalendarDay[][] = [];
  for (let week = 0; week < 6; week += 1) {
    const days: CalendarDay[] = [];
    for (let d = 0; d < 7; d += 1) {
      const date = new Date(start + (week * 7 + d) * 86_400_000);
      days.push({
        date: `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}`,
        day: date.getUTCDate(),
        inMonth: date.getUTCMonth() === m - 1,
        label: labelOf(date),
      });
    }
    // A sixth week entirely in the next month is left out.
    if (week > 0 && !days.some((day) => day.inMonth)) break;
    weeks.push(days);
  }
  return weeks;
}

export interface DayEvent {
  event: NetworkEvent;
  /** The event starts on this day (its start time is shown); otherwise it continues. */
  starts: boolean;
}

/** The events of each day (`YYYY-MM-DD` in the viewer's zone), an event on every day it spans. */
export function eventsByDay(
  events: readonly NetworkEvent[],
  zone: string,
): Map<string, DayEvent[]> {
  const byDay = new Map<string, DayEvent[]>();
  for (const event of events) {
    const first = wallClockIn(event.startsAt, zone).date;
    // An event ending at midnight does not spill into the next day.
    const endInstant = new Date(new Date(event.endsAt).getTime() - 1).toISOString();
    const last = wallClockIn(endInstant, zone).date;
    if (!first || !last) continue;
    let cursor = new Date(`${first}T00:00:00Z`);
    const end = new Date(`${last < first ? first : last}T00:00:00Z`);
    for (let guard = 0; cursor <= end && guard < 62; guard += 1) {
      const date = cursor.toISOString().slice(0, 10);
      const list = byDay.get(date) ?? [];
      list.push({ event, starts: date === first });
      byDay.set(date, list);
      cursor = new Date(cursor.getTime() + 86_400_000);
    }
  }
  return byDay;
}
