import { attendeesCsv, csvField } from './attendees-csv';

describe('attendee CSV', () => {
  it('quotes what needs quoting and defuses formulas', () => {
    expect(csvField('Plain')).toBe('Plain');
    expect(csvField('O\'Neil, "Jo"')).toBe('"O\'Neil, ""Jo"""');
    expect(csvField('=HYPERLINK("http://x")')).toBe('"\'=HYPERLINK(""http://x"")"');
    expect(csvField('+44 20 7946 0000')).toBe("'+44 20 7946 0000");
    expect(csvField('@cmd')).toBe("'@cmd");
    expect(csvField(null)).toBe('');
    expect(csvField(3)).toBe('3');
  });

  it('lists seats then the waitlist, one line each, saying where an address is withheld', () => {
    const csv = attendeesCsv({
      confirmed: [
        {
          userId: 'a',
          name: 'Ana',
          email: 'ana@example.org',
          emailWithheld: false,
          organisation: 'Uni',
          status: 'confirmed',
          position: null,
          registeredAt: '2026-01-01T00:00:00.000Z',
        },
      ],
      waitlisted: [
        {
          userId: 'b',
          name: 'Ben',
          email: null,
          emailWithheld: true,
          organisation: 'Force',
          status: 'waitlisted',
          position: 1,
          registeredAt: '2026-01-02T00:00:00.000Z',
        },
      ],
    });
    expect(csv.split('\r\n')).toEqual([
      '\uFEFFstatus,position,name,organisation,email,email_note,registered_at',
      'confirmed,,Ana,Uni,ana@example.org,,2026-01-01T00:00:00.000Z',
      'waitlisted,1,Ben,Force,,Address withheld at the member’s choice,2026-01-02T00:00:00.000Z',
      '',
    ]);
  });
});
