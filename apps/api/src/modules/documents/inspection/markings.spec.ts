import { findMarkings } from './markings';

const markings = (text: string, where = 'text') => findMarkings(text, where).map((h) => h.marking);

describe('findMarkings', () => {
  describe('finds markings set apart as markings', () => {
    it.each([
      ['SECRET', 'SECRET'],
      ['TOP SECRET', 'TOP SECRET'],
      ['TOP-SECRET', 'TOP SECRET'],
      ['OFFICIAL-SENSITIVE', 'OFFICIAL-SENSITIVE'],
      ['OFFICIAL SENSITIVE', 'OFFICIAL-SENSITIVE'],
      ['OFFICIAL \u2013 SENSITIVE', 'OFFICIAL-SENSITIVE'],
      ['PROTECT', 'PROTECT'],
      ['RESTRICTED', 'RESTRICTED'],
      ['CONFIDENTIAL', 'CONFIDENTIAL'],
    ])('%s on a line of its own', (line, marking) => {
      expect(markings(`Introduction\n${line}\nThe study covers 2019 to 2023.`)).toEqual([marking]);
    });

    it.each([
      ['OFFICIAL-SENSITIVE: PERSONAL', 'OFFICIAL-SENSITIVE'],
      ['OFFICIAL-SENSITIVE [COMMERCIAL]', 'OFFICIAL-SENSITIVE'],
      ['OFFICIAL SENSITIVE - LOCSEN', 'OFFICIAL-SENSITIVE'],
      ['SECRET UK EYES ONLY', 'SECRET'],
      ['UK SECRET', 'SECRET'],
      ['TOP SECRET STRAP1', 'TOP SECRET'],
      ['TOP SECRET STRAP 2', 'TOP SECRET'],
      ['PROTECT - PERSONAL', 'PROTECT'],
      ['RESTRICTED - COMMERCIAL', 'RESTRICTED'],
      ['NATO RESTRICTED', 'RESTRICTED'],
      ['SECRET//NOFORN', 'SECRET'],
      ['SECRET REL TO USA, GBR', 'SECRET'],
      ['CONFIDENTIAL - MANAGEMENT', 'CONFIDENTIAL'],
      ['  **SECRET**  ', 'SECRET'],
      ['# RESTRICTED', 'RESTRICTED'],
      ['SECRET    Page 3 of 10', 'SECRET'],
      ['- 4 - RESTRICTED', 'RESTRICTED'],
    ])('with descriptors and punctuation: %s', (line, marking) => {
      expect(markings(`Body text.\n${line}\nMore body text.`)).toEqual([marking]);
    });

    it.each([
      ['Classification: SECRET', 'SECRET'],
      ['Protective marking: RESTRICTED', 'RESTRICTED'],
      ['Security classification - CONFIDENTIAL', 'CONFIDENTIAL'],
      ['Government Security Classification: OFFICIAL-SENSITIVE', 'OFFICIAL-SENSITIVE'],
      ['Handling caveat = SECRET', 'SECRET'],
      ['This paper (classification: TOP SECRET) was summarised.', 'TOP SECRET'],
    ])('after a label: %s', (line, marking) => {
      expect(markings(line)).toEqual([marking]);
    });

    it.each([
      ['The annex [SECRET] was withheld from the report.', 'SECRET'],
      ['See the memo (OFFICIAL-SENSITIVE: PERSONAL) for the names.', 'OFFICIAL-SENSITIVE'],
      ['Items marked <RESTRICTED> were redacted.', 'RESTRICTED'],
      ['[UK SECRET] annex', 'SECRET'],
    ])('in brackets: %s', (line, marking) => {
      expect(markings(line)).toEqual([marking]);
    });

    it('counts a capitalised marking anywhere in a header, footer or the properties', () => {
      expect(markings('Acme Research Ltd\tSECRET\tPage 1', 'header')).toEqual(['SECRET']);
      expect(markings('This document is RESTRICTED and must not be shared', 'footer')).toEqual([
        'RESTRICTED',
      ]);
      expect(markings('ProtectiveMarking: CONFIDENTIAL', 'document properties')).toEqual([
        'CONFIDENTIAL',
      ]);
      expect(markings('Draft SECRET version', 'document properties')).toEqual(['SECRET']);
    });

    it('matches sensitivity labels whatever their case', () => {
      expect(markings('Official Sensitive', 'sensitivity label')).toEqual(['OFFICIAL-SENSITIVE']);
      expect(markings('Secret', 'sensitivity label')).toEqual(['SECRET']);
      expect(markings('Top Secret', 'sensitivity label')).toEqual(['TOP SECRET']);
      expect(markings('official-sensitive personal', 'sensitivity label')).toEqual([
        'OFFICIAL-SENSITIVE',
      ]);
      expect(markings('Highly Confidential', 'sensitivity label')).toEqual(['CONFIDENTIAL']);
      expect(markings('Official', 'sensitivity label')).toEqual([]);
      expect(markings('General', 'sensitivity label')).toEqual([]);
    });

    it('reports each marking once per place, several markings in order', () => {
      const hits = findMarkings('SECRET\nbody\nSECRET\nRESTRICTED\nSECRET', 'page 2');
      expect(hits).toEqual([
        { marking: 'SECRET', where: 'page 2' },
        { marking: 'RESTRICTED', where: 'page 2' },
      ]);
    });

    it('sees lines ended by CR, CRLF or a form feed', () => {
      expect(markings('Intro\r\nSECRET\r\nBody')).toEqual(['SECRET']);
      expect(markings('Intro\rRESTRICTED\rBody')).toEqual(['RESTRICTED']);
      expect(markings('Page one\fCONFIDENTIAL\fPage three')).toEqual(['CONFIDENTIAL']);
    });
  });

  describe('does not report the broader marking inside a narrower one', () => {
    it('TOP SECRET is not also SECRET', () => {
      expect(markings('TOP SECRET')).toEqual(['TOP SECRET']);
      expect(markings('TOP SECRET', 'header')).toEqual(['TOP SECRET']);
      expect(markings('Top Secret', 'sensitivity label')).toEqual(['TOP SECRET']);
    });

    it('OFFICIAL-SENSITIVE is not also OFFICIAL (which is no marking to report)', () => {
      expect(markings('OFFICIAL-SENSITIVE')).toEqual(['OFFICIAL-SENSITIVE']);
    });

    it('but a separate SECRET line in the same text is still a hit', () => {
      expect(markings('TOP SECRET\nbody\nSECRET')).toEqual(['TOP SECRET', 'SECRET']);
    });
  });

  describe('leaves research prose alone', () => {
    it.each([
      'Informants keep their identity secret and some data is restricted to researchers.',
      'Confidential informants were interviewed in three prisons.',
      'Restricted access areas at the port were mapped by the team.',
      'We must protect victims of trafficking from retaliation.',
      'The Secret Life of Gangs, a documentary, was screened in 2019.',
      'Officers treated the material as Secret; we did not see it.',
      'Top secret files were not requested.',
    ])('lower or mixed case: %s', (text) => {
      expect(markings(text)).toEqual([]);
    });

    it.each([
      'THE SECRET LIFE OF GANGS',
      'RESTRICTED ACCESS AREAS',
      'CONFIDENTIAL INFORMANTS AND THE COURTS',
      'HOW TO PROTECT VICTIMS',
      'A SECRET HISTORY',
      'SECRET SANTA',
      'TOP SECRET OPERATIONS IN FICTION',
      'NON-CONFIDENTIAL ANNEX',
    ])('a word in an all-capitals heading: %s', (heading) => {
      expect(markings(`Chapter 2\n${heading}\nText follows.`)).toEqual([]);
    });

    it('a capitalised word in running text', () => {
      expect(markings('Groups keep SECRET ledgers and RESTRICTED lists of members.')).toEqual([]);
      expect(markings('The report, once SECRET, is now public.')).toEqual([]);
    });

    it('an all-capitals heading even in a header or the properties', () => {
      expect(markings('THE SECRET LIFE OF GANGS', 'header')).toEqual([]);
      expect(markings('RESTRICTED ACCESS AREAS', 'footer')).toEqual([]);
      expect(markings('CONFIDENTIAL INFORMANTS', 'document properties')).toEqual([]);
    });

    it('longer words that contain a marking', () => {
      expect(markings('PROTECTED\nSECRETARY\nCONFIDENTIALITY\nUNRESTRICTED\nSECRETS')).toEqual([]);
      expect(markings('PROTECTED', 'header')).toEqual([]);
    });

    it('UNCLASSIFIED, OFFICIAL and NOT PROTECTIVELY MARKED', () => {
      expect(markings('UNCLASSIFIED\nOFFICIAL\nNOT PROTECTIVELY MARKED', 'header')).toEqual([]);
      expect(markings('Classification: OFFICIAL')).toEqual([]);
      expect(markings('[OFFICIAL]')).toEqual([]);
    });

    it('a marking word after a label without a separator', () => {
      expect(markings('The classification SECRET applies to intelligence, not research.')).toEqual(
        [],
      );
    });

    it('a marking with other words in brackets', () => {
      expect(markings('The files (SECRET and otherwise) were destroyed.')).toEqual([]);
    });
  });

  it('stays fast and bounded on a huge single line', () => {
    const line = 'THE SECRET LIFE '.repeat(200_000);
    const started = Date.now();
    expect(markings(line)).toEqual([]);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(markings(`${'x '.repeat(1000)}\nSECRET\n${'y '.repeat(1000)}`)).toEqual(['SECRET']);
  });

  it('returns nothing for text without capitals', () => {
    expect(findMarkings('', 'text')).toEqual([]);
    expect(findMarkings('nothing to see here', 'header')).toEqual([]);
  });
});
