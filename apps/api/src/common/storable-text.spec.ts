import { DomainError } from './domain-error';
import { assertStorable, unstorableField } from './storable-text';

describe('unstorableField', () => {
  it('finds NUL and lone surrogates anywhere, naming the field', () => {
    expect(unstorableField({ name: 'Ada' })).toBeNull();
    expect(unstorableField({ name: 'Ad\u0000a' })).toBe('name');
    expect(unstorableField({ a: { b: ['ok', 'x\ud800'] } })).toBe('a.b[1]');
    expect(unstorableField({ title: '\udfff' })).toBe('title');
    expect(unstorableField('\ud83d\ude00 fine')).toBeNull();
    expect(unstorableField({ ['k\u0000']: 1 })).toBe('body');
    expect(unstorableField([1, true, null, { x: 'y' }])).toBeNull();
  });

  it('throws a 400 naming the field', () => {
    expect(() => assertStorable({ email: '\ud800@example.org' })).toThrow(DomainError);
    expect.assertions(3);
    try {
      assertStorable({ q: 'a\u0000' });
    } catch (err) {
      expect((err as DomainError).status).toBe(400);
      expect((err as DomainError).errors).toEqual([{ field: 'q', message: expect.any(String) }]);
    }
  });
});
