import { attribute, decodeEntities, XmlStream, type XmlHandler } from './xml-stream';

/** Every event, as a readable trace; text pieces joined. */
function trace(chunks: string[]): string[] {
  const events: string[] = [];
  const handler: XmlHandler = {
    open: (name, attributes, selfClosing) =>
      events.push(
        `<${name}${attributes.trim() ? ` ${attributes.trim()}` : ''}${selfClosing ? '/' : ''}>`,
      ),
    close: (name) => events.push(`</${name}>`),
    text: (text) => {
      const last = events.length - 1;
      if (last >= 0 && events[last].startsWith('"'))
        events[last] = `${events[last].slice(0, -1)}${text}"`;
      else events.push(`"${text}"`);
    },
  };
  const parser = new XmlStream(handler);
  chunks.forEach((c) => parser.write(c));
  parser.end();
  return events;
}

/** The same document cut at every position: the events must not depend on the cut. */
function everySplit(xml: string): void {
  const whole = trace([xml]);
  for (let i = 1; i < xml.length; i++) {
    expect(trace([xml.slice(0, i), xml.slice(i)])).toEqual(whole);
  }
}

describe('decodeEntities', () => {
  it('decodes the predefined entities and character references', () => {
    expect(decodeEntities('a &amp; b &lt;c&gt; &quot;d&quot; &apos;e&apos;')).toBe(
      `a & b <c> "d" 'e'`,
    );
    expect(decodeEntities('&#65;&#x42;&#X43;&#8364;&#x1F600;')).toBe('ABC€😀');
  });

  it('leaves other entities and broken references as written', () => {
    expect(decodeEntities('&nbsp; &custom; & &#; &#xZZ; &amp')).toBe(
      '&nbsp; &custom; & &#; &#xZZ; &amp',
    );
  });

  it('replaces references to characters XML forbids', () => {
    expect(decodeEntities('a&#0;b&#xD800;c&#x110000;')).toBe('a\ufffdb\ufffdc\ufffd');
  });

  it('does not decode twice', () => {
    expect(decodeEntities('&amp;lt;')).toBe('&lt;');
  });
});

describe('attribute', () => {
  const raw = ' r:id="rId7" name="Sheet &amp; 1" Id=\'x\' table:name = "T" xml:space="preserve"';

  it('finds a value by qualified name, decoded', () => {
    expect(attribute(raw, 'r:id')).toBe('rId7');
    expect(attribute(raw, 'name')).toBe('Sheet & 1');
    expect(attribute(raw, 'Id')).toBe('x');
    expect(attribute(raw, 'table:name')).toBe('T');
  });

  it('does not match a longer name or a missing one', () => {
    expect(attribute(raw, 'id')).toBeNull();
    expect(attribute(raw, 'space')).toBeNull();
    expect(attribute(' sheetId="3"', 'Id')).toBeNull();
    expect(attribute(' a="1"', 'b')).toBeNull();
  });
});

describe('XmlStream', () => {
  it('reports elements by local name, text decoded, self-closing elements opened and closed', () => {
    expect(
      trace(['<?xml version="1.0"?><w:p a="1"><w:t>Fish &amp; chips</w:t><w:br/></w:p>']),
    ).toEqual(['<p a="1">', '<t>', '"Fish & chips"', '</t>', '<br/>', '</br>', '</p>']);
  });

  it('gives the same events however the input is cut', () => {
    everySplit(
      '<?xml version="1.0"?><!-- a > comment --><doc x="a>b" y=\'c"d\'><p>One &amp; two &#x41;</p>' +
        '<![CDATA[raw <b>&amp;</b>]]><empty/><q>é ü €</q></doc>',
    );
  });

  it('skips comments, processing instructions and a DOCTYPE with an internal subset', () => {
    expect(
      trace(['<!DOCTYPE d [<!ENTITY e "boom">]><?pi x?><d><!-- <x>hidden</x> -->&e;<x/></d>']),
    ).toEqual(['<d>', '"&e;"', '<x/>', '</x>', '</d>']);
  });

  it('passes CDATA through as text, not decoded', () => {
    expect(trace(['<t><![CDATA[a &amp; <b>]]></t>'])).toEqual(['<t>', '"a &amp; <b>"', '</t>']);
  });

  it('closes elements left open by a stray or missing end tag', () => {
    expect(trace(['<a><b><c>x</a></zzz>'])).toEqual([
      '<a>',
      '<b>',
      '<c>',
      '"x"',
      '</c>',
      '</b>',
      '</a>',
    ]);
  });

  it('hands long text over as it comes, without waiting for the next tag', () => {
    const pieces: string[] = [];
    const parser = new XmlStream({ text: (t) => pieces.push(t) });
    parser.write('<t>');
    parser.write('a'.repeat(1000));
    expect(pieces.join('')).toBe('a'.repeat(1000));
    parser.write(' &am');
    parser.write('p; b</t>');
    parser.end();
    expect(pieces.join('')).toBe(`${'a'.repeat(1000)} & b`);
  });

  it('refuses nesting deeper than its limit', () => {
    const parser = new XmlStream({}, 10);
    expect(() => parser.write('<a>'.repeat(11))).toThrow(/deeper than 10 levels/);
    const fine = new XmlStream({}, 10);
    expect(() => fine.write('<a>'.repeat(10))).not.toThrow();
    expect(fine.depth).toBe(10);
  });

  it('refuses a tag that never ends once it passes 1 MiB', () => {
    const parser = new XmlStream({});
    parser.write('<a b="');
    expect(() => parser.write('x'.repeat(1024 * 1024 + 10))).toThrow(/does not end/);
  });

  it('keeps memory bounded on a long run of text in many chunks', () => {
    let total = 0;
    const parser = new XmlStream({ text: (t) => (total += t.length) });
    parser.write('<body>');
    for (let i = 0; i < 1000; i++) parser.write(' '.repeat(64 * 1024));
    parser.write('</body>');
    parser.end();
    expect(total).toBe(1000 * 64 * 1024);
  });
});
