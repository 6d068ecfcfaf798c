import { isValidOrcid } from './orcid';
import { escapeText, fold } from './vcard';

describe('vCard text', () => {
  it('escapes backslash, comma and newlines, and semicolons only in compound values', () => {
    expect(escapeText('a\\b, c;d\ne')).toBe('a\\\\b\\, c;d\\ne');
    expect(escapeText('a;b', true)).toBe('a\\;b');
  });

  it('folds at 75 octets without splitting a character', () => {
    const line = `NOTE:${'é'.repeat(100)}`;
    const folded = fold(line).split('\r\n');
    for (const l of folded) expect(Buffer.byteLength(l)).toBeLessThanOrEqual(75);
    expect(folded.map((l, i) => (i === 0 ? l : l.slice(1))).join('')).toBe(line);
  });
});

describe('ORCID', () => {
  it.each(['0000-0002-1825-0097', '0000-0001-5109-3700', '0000-0002-1694-233X'])(
    'accepts %s',
    (id) => expect(isValidOrcid(id)).toBe(true),
  );
  it.each(['0000-0002-1825-0098', '0000-0002-1825-009', 'abcd-0002-1825-0097'])(
    'refuses %s',
    (id) => expect(isValidOrcid(id)).toBe(false),
  );
});
