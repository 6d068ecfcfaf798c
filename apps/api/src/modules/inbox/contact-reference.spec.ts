import { crockford, newReference, REFERENCE, REFERENCE_IN_TEXT } from './contact-reference';

describe('contact references', () => {
  it('encodes Crockford base32 from the leading bits', () => {
    expect(crockford(Buffer.from([0, 0, 0, 0, 0]), 8)).toBe('00000000');
    expect(crockford(Buffer.from([0xff, 0xff, 0xff, 0xff, 0xff]), 8)).toBe('ZZZZZZZZ');
    // 0x08 0x42 ... = 00001 00001 00001 ...
    expect(crockford(Buffer.from([0x08, 0x42, 0x10, 0x84, 0x21]), 8)).toBe('11111111');
  });

  it('hands out random references in the new form, and takes the old form too', () => {
    const seen = new Set(Array.from({ length: 200 }, () => newReference()));
    expect(seen.size).toBe(200);
    for (const r of seen) expect(r).toMatch(/^OCR-\d{4}-[0-9A-HJKMNP-TV-Z]{8}$/);
    expect(REFERENCE.test('OCR-2025-000042')).toBe(true);
    expect(REFERENCE.test('OCR-2025-7KQ4M9XD')).toBe(true);
    expect(REFERENCE.test('OCR-2025-7KQ4M9XI')).toBe(false);
    expect(REFERENCE.test('OCR-2025-00004')).toBe(false);
    expect('Re: [OCR-2026-7KQ4M9XD] Hello'.replace(REFERENCE_IN_TEXT, '')).toBe('Re:  Hello');
  });
});
