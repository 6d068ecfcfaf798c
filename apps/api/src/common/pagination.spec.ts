import { DomainError } from './domain-error';
import { decodeCursor, encodeCursor } from './pagination';

describe('cursors', () => {
  it('round-trip the sort key', () => {
    const key = ['2026-01-01T00:00:00.000Z', '6f1c2a8e-6f5b-4c1e-9a43-1b2f3c4d5e6f'];
    expect(decodeCursor(encodeCursor(key), ['timestamp', 'uuid'])).toEqual(key);
    expect(decodeCursor(encodeCursor(['42']), ['id'])).toEqual(['42']);
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
