import { describe, expect, it } from '@jest/globals';
import { sanitiseSnippet } from './snippet';

describe('sanitiseSnippet', () => {
  it('keeps the marks and the entities the server wrote', () => {
    expect(sanitiseSnippet('fraud &amp; <mark>money</mark> laundering &lt;b&gt;')).toBe(
      'fraud &amp; <mark>money</mark> laundering &lt;b&gt;',
    );
    expect(sanitiseSnippet('<MARK>Money</MARK> &#233;t&#xE9; &eacute;')).toBe(
      '<mark>Money</mark> &#233;t&#xE9; &eacute;',
    );
  });

  it('escapes every other tag, attribute and stray character', () => {
    expect(sanitiseSnippet('<script>alert(1)</script>')).toBe(
      '&lt;script&gt;alert(1)&lt;/script&gt;',
    );
    expect(sanitiseSnippet('<mark onclick="x()">a</mark>')).toBe(
      '&lt;mark onclick=&quot;x()&quot;&gt;a',
    );
    expect(sanitiseSnippet('<img src=x onerror=alert(1)>')).toBe(
      '&lt;img src=x onerror=alert(1)&gt;',
    );
    expect(sanitiseSnippet("a & b 'c' &#; &unknown")).toBe(
      'a &amp; b &#39;c&#39; &amp;#; &amp;unknown',
    );
  });

  it('balances the marks', () => {
    expect(sanitiseSnippet('</mark>a<mark>b<mark>c')).toBe('a<mark>bc</mark>');
    expect(sanitiseSnippet('<mark>a</mark></mark>')).toBe('<mark>a</mark>');
  });
});
