import { Collector, MAX_PLACES_PER_MARKING, Section, type Finding } from './collector';

describe('Collector', () => {
  it('keeps text, checks every piece for markings, one hit per marking and place', () => {
    const c = new Collector(1000);
    c.add('page 1', 'SECRET\nIntro');
    c.add('page 1', 'SECRET\nMore');
    c.add('page 2', 'SECRET');
    expect(c.result()).toEqual({
      text: 'SECRET\nIntro\nSECRET\nMore\nSECRET',
      pages: null,
      title: null,
      markings: [
        { marking: 'SECRET', where: 'page 1' },
        { marking: 'SECRET', where: 'page 2' },
      ],
      incomplete: null,
    });
  });

  it('checks text it does not keep, and tidies spacing of what it keeps when asked', () => {
    const c = new Collector(1000);
    c.add('slide master', 'Click to edit\nRESTRICTED', { keep: false });
    c.add('text', 'a  \t b \n\n\n\n c', { tidy: true });
    expect(c.result().text).toBe('a b\n\nc');
    expect(c.result().markings).toEqual([{ marking: 'RESTRICTED', where: 'slide master' }]);
  });

  it('stops keeping text at the limit but still finds markings beyond it', () => {
    const c = new Collector(10);
    c.add('page 1', 'abcdefgh');
    c.add('page 2', 'ijklmnop');
    c.add('page 3', 'TOP SECRET');
    expect(c.result().text).toBe('abcdefgh\ni');
    expect(c.result().markings).toEqual([{ marking: 'TOP SECRET', where: 'page 3' }]);
  });

  it(`lists a marking in at most ${MAX_PLACES_PER_MARKING} places`, () => {
    const c = new Collector(0);
    for (let page = 1; page <= 100; page++) c.add(`page ${page}`, 'SECRET\nRESTRICTED');
    const hits = c.result().markings;
    expect(hits.filter((h) => h.marking === 'SECRET')).toHaveLength(MAX_PLACES_PER_MARKING);
    expect(hits.filter((h) => h.marking === 'RESTRICTED')).toHaveLength(MAX_PLACES_PER_MARKING);
    expect(hits[0]).toEqual({ marking: 'SECRET', where: 'page 1' });
  });

  it('keeps the first title (tidied, capped) and the first reason', () => {
    const c = new Collector(100);
    c.setTitle('   ');
    c.setTitle('  A   report\non gangs ');
    c.setTitle('Another');
    c.incomplete('first');
    c.incomplete('second');
    c.setPages(12);
    expect(c.result()).toMatchObject({
      title: 'A report on gangs',
      incomplete: 'first',
      pages: 12,
    });
    const long = new Collector(100);
    long.setTitle('x'.repeat(1000));
    expect(long.result().title).toHaveLength(300);
  });

  it('reports findings as they come, and another collector rebuilds the same result', () => {
    const findings: Finding[] = [];
    const worker = new Collector(20, (f) => findings.push(f));
    worker.setPages(3);
    worker.setTitle('Title');
    worker.add('page 1', 'Some words here');
    worker.add('page 2', 'SECRET');
    worker.add('page 2', 'nothing new');
    worker.add('page 3', 'CONFIDENTIAL', { keep: false });
    worker.incomplete('stopped');
    // Past the text limit, only new hits are reported ('nothing new' is not).
    expect(findings.map((f) => f.kind)).toEqual([
      'pages',
      'title',
      'text',
      'text',
      'text',
      'incomplete',
    ]);
    expect(findings[3]).toEqual({
      kind: 'text',
      text: 'SECR',
      hits: [{ marking: 'SECRET', where: 'page 2' }],
    });
    expect(findings[4]).toEqual({
      kind: 'text',
      text: '',
      hits: [{ marking: 'CONFIDENTIAL', where: 'page 3' }],
    });
    const main = new Collector(20);
    findings.forEach((f) => main.apply(f));
    expect(main.result()).toEqual(worker.result());
  });
});

describe('Section', () => {
  function capture() {
    const pieces: { where: string; text: string }[] = [];
    const sink = {
      add: (where: string, text: string) => pieces.push({ where, text }),
      setPages: () => undefined,
      setTitle: () => undefined,
      incomplete: () => undefined,
    };
    return { pieces, sink };
  }

  it('passes text on in whole lines once enough has gathered, the rest on flush', () => {
    const { pieces, sink } = capture();
    const section = new Section(sink, 'text');
    for (let i = 0; i < 5000; i++) section.write(`line ${i} of the document\n`);
    section.write('the last, unfinished');
    expect(pieces.length).toBeGreaterThan(0);
    expect(pieces.every((p) => p.text.endsWith('\n'))).toBe(true);
    section.flush();
    const all = pieces.map((p) => p.text).join('');
    expect(all.startsWith('line 0 of the document\n')).toBe(true);
    expect(all.endsWith('line 4999 of the document\nthe last, unfinished')).toBe(true);
  });

  it('does not cut a line in two, so a marking line stays whole', () => {
    const c = new Collector(10_000_000);
    const section = new Section(c, 'text');
    const filler = 'x'.repeat(1000);
    for (let i = 0; i < 100; i++) section.write(`${filler}\n`);
    section.write('SEC');
    section.write('RET\n');
    for (let i = 0; i < 100; i++) section.write(`${filler}\n`);
    section.flush();
    expect(c.result().markings).toEqual([{ marking: 'SECRET', where: 'text' }]);
  });

  it('cuts a line longer than 1 MiB', () => {
    const { pieces, sink } = capture();
    const section = new Section(sink, 'text');
    for (let i = 0; i < 20; i++) section.write('y'.repeat(100_000));
    expect(pieces).toHaveLength(1);
    expect(pieces[0].text.length).toBeGreaterThanOrEqual(1024 * 1024);
  });

  it('skips blank pieces', () => {
    const { pieces, sink } = capture();
    const section = new Section(sink, 'header');
    section.write('  \n\t\n');
    section.flush();
    expect(pieces).toEqual([]);
  });
});
