import { DomainError } from './domain-error';
import { decodeCursor, encodeCursor } from './pagination';

describe('cursors', () => {
  it('round-trip the sort key', () => {
    const c = encodeCursor(['2026-01-01T00:00:00.000Z', 'a1']);
    expect(decodeCursor(c, ['string', 'string'])).toEqual(['2026-01-01T00:00:00.000Z', 'a1']);
  });

  it('absent is null', () => {
    expect(decodeCursor(undefined, ['string'])).toBeNull();
  });

  it.each([
    'garbage',
    encodeCursor([1, 2]),
    encodeCursor(['only-one']),
    Buffer.from('{').toString('base64url'),
  ])('refuses %s with a validation error naming the cursor', (bad) => {
    try {
      decodeCursor(bad, ['string', 'string']);
      throw new Error('accepted');
    } catch (err) {
      expect(err).toBeInstanceOf(DomainError);
      expect((err as DomainError).errors?.[0].field).toBe('cursor');
    }
  });
});
