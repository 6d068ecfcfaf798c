import { jsonNestingExceeds } from './json-depth';

describe('jsonNestingExceeds', () => {
  it('measures arrays and objects, not brackets inside strings', () => {
    expect(jsonNestingExceeds('{"a":{"b":[1]}}', 3)).toBe(false);
    expect(jsonNestingExceeds('{"a":{"b":[1]}}', 2)).toBe(true);
    expect(jsonNestingExceeds('{"a":"[[[[[[{{{{"}', 1)).toBe(false);
    expect(jsonNestingExceeds('{"a":"\\"[[[[["}', 1)).toBe(false);
  });

  it('catches the deep bodies that would exhaust the stack', () => {
    expect(jsonNestingExceeds('['.repeat(10_000) + ']'.repeat(10_000), 32)).toBe(true);
  });
});
