/*
 * A small streaming XML reader for the parts of Office and OpenDocument files. It only needs
 * the structure and the text, so it has no DTD support: entities other than the five
 * predefined ones and character references are left as written (nothing to expand, nothing to
 * fetch). Memory stays bounded: text is passed on as it arrives, a single tag may not exceed
 * MAX_MARKUP characters, nesting may not exceed the depth limit.
 */

export interface XmlHandler {
  /** `name` is the local name (`w:t` → `t`); `attributes` the raw text, for `attribute()`. */
  open?(name: string, attributes: string, selfClosing: boolean): void;
  close?(name: string): void;
  /** Character data, entities decoded, possibly in several pieces. */
  text?(text: string): void;
}

const MAX_MARKUP = 1 << 20;
const DEFAULT_MAX_DEPTH = 256;

const ENTITY = /&(?:#(\d{1,7})|#[xX]([0-9a-fA-F]{1,6})|(amp|lt|gt|quot|apos));/g;
const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function fromCodePoint(code: number): string {
  const valid =
    (code >= 0x20 && code <= 0xd7ff) ||
    code === 0x9 ||
    code === 0xa ||
    code === 0xd ||
    (code >= 0xe000 && code <= 0xfffd) ||
    (code >= 0x10000 && code <= 0x10ffff);
  return valid ? String.fromCodePoint(code) : '\ufffd';
}

/** Decodes `&amp; &lt; &gt; &quot; &apos;` and `&#NN; &#xNN;`; leaves anything else as is. */
export function decodeEntities(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(ENTITY, (_, dec?: string, hex?: string, name?: string) => {
    if (name) return NAMED[name];
    return fromCodePoint(dec ? Number.parseInt(dec, 10) : Number.parseInt(hex ?? '', 16));
  });
}

/** The decoded value of the attribute with this qualified name (`name`, `r:id`), or null. */
export function attribute(attributes: string, name: string): string | null {
  let from = 0;
  for (;;) {
    const at = attributes.indexOf(name, from);
    if (at === -1) return null;
    from = at + name.length;
    const before = at === 0 ? ' ' : attributes[at - 1];
    if (!/\s/.test(before)) continue;
    const rest = /^\s*=\s*(["'])/.exec(attributes.slice(from, from + 16));
    if (!rest) continue;
    const start = from + rest[0].length;
    const end = attributes.indexOf(rest[1], start);
    if (end === -1) return null;
    return decodeEntities(attributes.slice(start, end));
  }
}

function localName(qualified: string): string {
  const colon = qualified.indexOf(':');
  return colon === -1 ? qualified : qualified.slice(colon + 1);
}

export class XmlStream {
  private buffer = '';
  private readonly stack: string[] = [];

  constructor(
    private readonly handler: XmlHandler,
    private readonly maxDepth = DEFAULT_MAX_DEPTH,
  ) {}

  /** Element nesting at this point. */
  get depth(): number {
    return this.stack.length;
  }

  write(chunk: string): void {
    this.buffer = this.buffer.length === 0 ? chunk : this.buffer + chunk;
    this.parse(false);
  }

  end(): void {
    this.parse(true);
    this.buffer = '';
  }

  private emitText(text: string): void {
    if (text.length > 0 && this.handler.text) this.handler.text(decodeEntities(text));
  }

  private parse(final: boolean): void {
    const buf = this.buffer;
    let pos = 0;
    while (pos < buf.length) {
      const lt = buf.indexOf('<', pos);
      if (lt === -1) {
        // Text up to the end, keeping back an entity that may be cut in two.
        let cut = buf.length;
        const amp = buf.lastIndexOf('&');
        if (!final && amp >= pos && buf.length - amp < 12 && !buf.includes(';', amp)) cut = amp;
        this.emitText(buf.slice(pos, cut));
        pos = cut;
        break;
      }
      if (lt > pos) this.emitText(buf.slice(pos, lt));
      pos = lt;
      const end = this.markupEnd(buf, lt);
      if (end === -1) {
        if (buf.length - lt > MAX_MARKUP)
          throw new Error('malformed XML (a tag that does not end)');
        break;
      }
      this.markup(buf, lt, end);
      pos = end;
    }
    this.buffer = buf.slice(pos);
  }

  /** Index just after the markup starting at `lt`, or -1 when it is not complete yet. */
  private markupEnd(buf: string, lt: number): number {
    if (buf.startsWith('<!--', lt)) {
      const end = buf.indexOf('-->', lt + 4);
      return end === -1 ? -1 : end + 3;
    }
    if (buf.startsWith('<![CDATA[', lt)) {
      const end = buf.indexOf(']]>', lt + 9);
      return end === -1 ? -1 : end + 3;
    }
    if (buf.startsWith('<?', lt)) {
      const end = buf.indexOf('?>', lt + 2);
      return end === -1 ? -1 : end + 2;
    }
    if (buf.startsWith('<!', lt)) {
      const gt = buf.indexOf('>', lt);
      const bracket = buf.indexOf('[', lt);
      if (bracket !== -1 && (gt === -1 || bracket < gt)) {
        const close = buf.indexOf(']', bracket);
        if (close === -1) return -1;
        const end = buf.indexOf('>', close);
        return end === -1 ? -1 : end + 1;
      }
      return gt === -1 ? -1 : gt + 1;
    }
    // A tag: the first `>` outside quoted attribute values.
    let from = lt + 1;
    for (;;) {
      const gt = buf.indexOf('>', from);
      if (gt === -1) return -1;
      const dq = buf.indexOf('"', from);
      const sq = buf.indexOf("'", from);
      const quote = dq === -1 ? sq : sq === -1 ? dq : Math.min(dq, sq);
      if (quote === -1 || quote > gt) return gt + 1;
      const closing = buf.indexOf(buf[quote], quote + 1);
      if (closing === -1) return -1;
      from = closing + 1;
    }
  }

  private markup(buf: string, lt: number, end: number): void {
    const second = buf[lt + 1];
    if (second === '!') {
      if (buf.startsWith('<![CDATA[', lt) && this.handler.text) {
        this.handler.text(buf.slice(lt + 9, end - 3));
      }
      return;
    }
    if (second === '?') return;
    if (second === '/') {
      const name = localName(buf.slice(lt + 2, end - 1).trim());
      const at = this.stack.lastIndexOf(name);
      if (at === -1) return; // a stray end tag: ignore it
      while (this.stack.length > at) {
        const closed = this.stack.pop() as string;
        this.handler.close?.(closed);
      }
      return;
    }
    const body = buf.slice(lt + 1, end - 1);
    const selfClosing = body.endsWith('/');
    const match = /^[^\s/]+/.exec(body);
    if (!match) return;
    const name = localName(match[0]);
    const attributes = body.slice(match[0].length, selfClosing ? -1 : undefined);
    if (!selfClosing) {
      if (this.stack.length >= this.maxDepth) {
        throw new Error(`XML nested deeper than ${this.maxDepth} levels`);
      }
      this.stack.push(name);
    }
    this.handler.open?.(name, attributes, selfClosing);
    if (selfClosing) this.handler.close?.(name);
  }
}
