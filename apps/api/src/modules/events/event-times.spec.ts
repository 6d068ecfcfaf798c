import { isTimeZone, readable, toInstant, wallClock } from './event-times';

describe('event times', () => {
  it('knows IANA zones and nothing else', () => {
    expect(isTimeZone('Europe/London')).toBe(true);
    expect(isTimeZone('America/Argentina/Buenos_Aires')).toBe(true);
    expect(isTimeZone('UTC')).toBe(true);
    expect(isTimeZone('Mars/Olympus_Mons')).toBe(false);
    expect(isTimeZone('BST')).toBe(false);
    expect(isTimeZone('')).toBe(false);
    expect(isTimeZone('../../etc/passwd')).toBe(false);
  });

  it('reads wall-clock times in the zone, across a daylight-saving change', () => {
    // London: GMT until 01:00 UTC on 29 March 2026, then BST (UTC+1).
    expect(toInstant('2026-03-28T10:00', 'Europe/London')?.toISOString()).toBe(
      '2026-03-28T10:00:00.000Z',
    );
    expect(toInstant('2026-03-29T10:00', 'Europe/London')?.toISOString()).toBe(
      '2026-03-29T09:00:00.000Z',
    );
    // 01:30 does not exist that night: it moves forward by the hour skipped.
    expect(toInstant('2026-03-29T01:30', 'Europe/London')?.toISOString()).toBe(
      '2026-03-29T01:30:00.000Z',
    );
    expect(toInstant('2026-11-01T09:00', 'America/New_York')?.toISOString()).toBe(
      '2026-11-01T14:00:00.000Z',
    );
  });

  it('takes an explicit offset as the instant it names', () => {
    expect(toInstant('2026-03-29T10:00:00+02:00', 'Europe/London')?.toISOString()).toBe(
      '2026-03-29T08:00:00.000Z',
    );
    expect(toInstant('2026-03-29T10:00:00Z', 'Asia/Tokyo')?.toISOString()).toBe(
      '2026-03-29T10:00:00.000Z',
    );
  });

  it.each(['tomorrow', '2026-02-30T10:00', '2026-03-29', '2026-03-29T25:00', '2026-03-29T10:00 '])(
    'refuses %j',
    (value) => expect(toInstant(value, 'Europe/London')).toBeNull(),
  );

  it('writes instants back as wall-clock times and readable text', () => {
    const instant = new Date('2026-03-29T09:00:00Z');
    expect(wallClock(instant, 'Europe/London')).toBe('2026-03-29T10:00:00');
    expect(wallClock(instant, 'America/New_York')).toBe('2026-03-29T05:00:00');
    expect(readable(instant, 'Europe/London')).toBe('Sunday 29 March 2026, 10:00 BST');
  });
});
