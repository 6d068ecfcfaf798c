import { describe, expect, it } from '@jest/globals';
import {
  changedFields,
  emptyEventValues,
  eventSummary,
  fromServerErrors,
  toCreateRequest,
  validateEvent,
  type EventFormValues,
} from './event-form-values';
import { eventsByDay, monthWeeks } from './month';
import { rangesFor, wallClockIn } from './event-times';

const filled: EventFormValues = {
  ...emptyEventValues('America/New_York'),
  title: ' County lines workshop ',
  kind: 'workshop',
  startDate: '2027-01-09',
  startTime: '10:00',
  endDate: '2027-01-09',
  endTime: '12:00',
  capacity: '1',
};

describe('the event form', () => {
  it('sends wall-clock times without an offset, with the zone', () => {
    expect(toCreateRequest(filled)).toMatchObject({
      title: 'County lines workshop',
      timezone: 'America/New_York',
      startsAt: '2027-01-09T10:00',
      endsAt: '2027-01-09T12:00',
      capacity: 1,
      venue: null,
      registrationOpensAt: null,
    });
  });

  it('says what is missing or wrong, and links each message to the part to fix', () => {
    const values = { ...filled, startTime: '', endDate: '2027-01-08', capacity: '0' };
    const errors = validateEvent(values);
    expect(errors).toEqual({
      start: 'Enter the time the event starts',
      capacity: 'The number of places must be between 1 and 100,000',
    });
    expect(eventSummary(errors, values).map((item) => item.fieldId)).toEqual([
      'event-start-time',
      'event-capacity',
    ]);
    expect(validateEvent({ ...filled, endTime: '09:00' }).end).toBe(
      'The event must end after it starts',
    );
  });

  it('sends every time with the zone when any of them changed, and nothing else untouched', () => {
    expect(changedFields({ ...filled, timezone: 'Europe/London' }, filled)).toEqual({
      timezone: 'Europe/London',
      startsAt: '2027-01-09T10:00',
      endsAt: '2027-01-09T12:00',
      registrationOpensAt: null,
      registrationClosesAt: null,
    });
    expect(changedFields({ ...filled, capacity: '' }, filled)).toEqual({ capacity: null });
  });

  it('puts the API’s field errors in the organiser’s words', () => {
    const { fields, other } = fromServerErrors([
      { field: 'endsAt', message: 'must be after startsAt' },
      { field: 'onlineUrl', message: 'onlineUrl must be an http(s) URL' },
      { field: 'elsewhere', message: 'something else' },
    ]);
    expect(fields).toEqual({
      end: 'The end must be after the start',
      onlineUrl: 'The online link must be an http(s) URL',
    });
    expect(other).toEqual(['Something else']);
  });
});

describe('event times', () => {
  it('shows both clocks only when they differ', () => {
    const range = rangesFor(
      '2027-01-09T15:00:00.000Z',
      '2027-01-09T17:00:00.000Z',
      'America/New_York',
      'Europe/London',
    );
    expect(range).toEqual({
      viewer: 'Saturday 9 January 2027, 15:00 to 17:00',
      event: 'Saturday 9 January 2027, 10:00 to 12:00',
    });
    expect(
      rangesFor('2027-01-09T15:00:00Z', '2027-01-09T17:00:00Z', 'Europe/London', 'UTC').event,
    ).toBeNull();
    expect(wallClockIn('2027-07-01T23:30:00Z', 'Europe/London')).toEqual({
      date: '2027-07-02',
      time: '00:30',
    });
  });

  it('lays a month out in Monday-first weeks and puts an event on every day it spans', () => {
    const weeks = monthWeeks('2027-02');
    expect(weeks).toHaveLength(4);
    expect(weeks[0][0]).toMatchObject({ date: '2027-02-01', inMonth: true });
    const days = eventsByDay(
      [
        {
          id: 'a',
          startsAt: '2027-02-01T22:00:00Z',
          endsAt: '2027-02-03T00:00:00Z',
        } as never,
      ],
      'UTC',
    );
    expect([...days.keys()]).toEqual(['2027-02-01', '2027-02-02']);
    expect(days.get('2027-02-02')?.[0].starts).toBe(false);
  });
});
