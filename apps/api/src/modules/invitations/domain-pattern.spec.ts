import { domainPatternProblem } from '@contracts';
import { patternsFor } from './domain-pattern';

describe('domainPatternProblem', () => {
  it.each(['example.org', '*.police.uk', 'met.police.uk', 'xn--bcher-kva.de', 'a-b.c9.io'])(
    'accepts %s',
    (pattern) => expect(domainPatternProblem(pattern)).toBeNull(),
  );

  it.each([
    ['', 'empty'],
    ['*', 'a bare *'],
    ['*.uk', 'a wildcard over one label'],
    ['uk', 'one label'],
    ['foo..bar', 'an empty label'],
    ['.example.org', 'a leading dot'],
    ['example.org.', 'a trailing dot'],
    ['<b>', 'markup'],
    ['Example.org', 'uppercase'],
    ['bücher.de', 'non-ASCII'],
    ['exa mple.org', 'a space'],
    ['*.*.police.uk', 'two wildcards'],
    ['police.*.uk', 'a wildcard inside'],
    ['*police.uk', 'a * without its dot'],
    ['-a.example.org', 'a leading hyphen'],
    ['a-.example.org', 'a trailing hyphen'],
    ['ab--c.example.org', '-- in 3rd and 4th place outside xn--'],
    [`${'a'.repeat(64)}.org`, 'a 64-character label'],
    ['x'.repeat(300), '300 characters'],
    ['127.0.0.1', 'an IP address'],
    ['a_b.example.org', 'an underscore'],
  ])('refuses %j (%s)', (pattern) => {
    expect(domainPatternProblem(pattern)).toEqual(expect.any(String));
  });
});

describe('patternsFor', () => {
  it('lists the domain, then a wildcard per parent of two labels or more', () => {
    expect(patternsFor('x@a.met.police.uk')).toEqual([
      'a.met.police.uk',
      '*.met.police.uk',
      '*.police.uk',
    ]);
    expect(patternsFor('x@police.uk')).toEqual(['police.uk']);
  });

  it('does not let in look-alikes', () => {
    expect(patternsFor('x@police.uk.evil.com')).not.toContain('*.police.uk');
    expect(patternsFor('x@notpolice.uk')).not.toContain('*.police.uk');
  });
});
