import type { RefusedMarking } from '@contracts';
import { findMarkings, type MarkingHit } from './markings';

export interface Inspection {
  /** Extracted plain text, at most `maxTextChars` characters. */
  text: string;
  /** PDF pages, when known. */
  pages: number | null;
  /** From the document's properties, if any. */
  title: string | null;
  /** Protective markings above OFFICIAL, one per marking and place. */
  markings: MarkingHit[];
  /** Null when the whole file was inspected; else why not, in a sentence. */
  incomplete: string | null;
}

/** What extraction reports, as it goes (so a stopped worker still leaves its findings). */
export type Finding =
  | { kind: 'text'; text: string; hits: MarkingHit[] }
  | { kind: 'pages'; pages: number }
  | { kind: 'title'; title: string }
  | { kind: 'incomplete'; reason: string };

/** Where extractors put what they read. */
export interface Sink {
  /**
   * Text read at `where`. `keep: false` checks it for markings only (placeholder text of
   * slide masters, custom properties); `tidy` collapses the spacing of the kept copy.
   */
  add(where: string, text: string, options?: { keep?: boolean; tidy?: boolean }): void;
  setPages(pages: number): void;
  setTitle(title: string): void;
  /** The first reason wins. */
  incomplete(reason: string): void;
}

/** Enough places to show a moderator; a marking in every page header is one finding. */
export const MAX_PLACES_PER_MARKING = 25;
const TITLE_LENGTH = 300;

function tidy(text: string): string {
  return text
    .replace(/[ \t\u00a0]+/g, ' ')
    .replace(/^ | $/gm, '')
    .replace(/\n{3,}/g, '\n\n');
}

/**
 * Checks each piece of text for markings, keeps text up to the limit, and passes every new
 * finding to `report` (the worker posts them to the API thread). `result()` is the whole.
 */
export class Collector implements Sink {
  private readonly parts: string[] = [];
  private chars = 0;
  private readonly hits = new Map<string, MarkingHit>();
  private readonly places = new Map<RefusedMarking, number>();
  private pages: number | null = null;
  private title: string | null = null;
  private reason: string | null = null;

  constructor(
    private readonly maxTextChars: number,
    private readonly report: (finding: Finding) => void = () => undefined,
  ) {}

  add(where: string, text: string, options: { keep?: boolean; tidy?: boolean } = {}): void {
    if (text.length === 0) return;
    const fresh = findMarkings(text, where).filter((hit) => this.remember(hit));
    let kept = '';
    if ((options.keep ?? true) && this.chars < this.maxTextChars) {
      kept = options.tidy ? tidy(text) : text;
      if (!kept.endsWith('\n')) kept += '\n';
      kept = kept.slice(0, this.maxTextChars - this.chars);
      this.parts.push(kept);
      this.chars += kept.length;
    }
    if (kept.length > 0 || fresh.length > 0) this.report({ kind: 'text', text: kept, hits: fresh });
  }

  setPages(pages: number): void {
    this.pages = pages;
    this.report({ kind: 'pages', pages });
  }

  setTitle(title: string): void {
    const clean = title.replace(/\s+/g, ' ').trim().slice(0, TITLE_LENGTH);
    if (clean.length === 0 || this.title !== null) return;
    this.title = clean;
    this.report({ kind: 'title', title: clean });
  }

  incomplete(reason: string): void {
    if (this.reason !== null) return;
    this.reason = reason;
    this.report({ kind: 'incomplete', reason });
  }

  /** Takes a finding reported by another Collector (the worker's). */
  apply(finding: Finding): void {
    switch (finding.kind) {
      case 'text':
        finding.hits.forEach((hit) => this.remember(hit));
        if (finding.text.length > 0 && this.chars < this.maxTextChars) {
          const kept = finding.text.slice(0, this.maxTextChars - this.chars);
          this.parts.push(kept);
          this.chars += kept.length;
        }
        break;
      case 'pages':
        this.pages = finding.pages;
        break;
      case 'title':
        this.title ??= finding.title;
        break;
      case 'incomplete':
        this.reason ??= finding.reason;
        break;
    }
  }

  result(): Inspection {
    return {
      text: this.parts.join('').trim(),
      pages: this.pages,
      title: this.title,
      markings: [...this.hits.values()],
      incomplete: this.reason,
    };
  }

  private remember(hit: MarkingHit): boolean {
    const key = `${hit.marking}\u0000${hit.where}`;
    if (this.hits.has(key)) return false;
    const places = this.places.get(hit.marking) ?? 0;
    if (places >= MAX_PLACES_PER_MARKING) return false;
    this.places.set(hit.marking, places + 1);
    this.hits.set(key, hit);
    return true;
  }
}

const FLUSH_AT = 64 * 1024;
const LONGEST_LINE = 1024 * 1024;

/**
 * Text of one place (a page, a header, a sheet) written in small pieces, passed to the sink
 * in whole lines so a marking on a line of its own is still seen as one.
 */
export class Section {
  private buffer = '';
  /** Index just after the last line break in `buffer`, 0 when none. */
  private lineEnd = 0;

  constructor(
    private readonly sink: Sink,
    readonly where: string,
    private readonly options: { keep?: boolean; tidy?: boolean } = { tidy: true },
  ) {}

  write(text: string): void {
    if (text.length === 0) return;
    const nl = text.lastIndexOf('\n');
    if (nl !== -1) this.lineEnd = this.buffer.length + nl + 1;
    this.buffer += text;
    if (this.buffer.length >= FLUSH_AT) {
      const cut =
        this.lineEnd > 0
          ? this.lineEnd
          : this.buffer.length >= LONGEST_LINE
            ? this.buffer.length
            : 0;
      if (cut > 0) this.emit(cut);
    }
  }

  /** Passes on whatever is left; the section may be written again afterwards. */
  flush(): void {
    if (this.buffer.length > 0) this.emit(this.buffer.length);
  }

  private emit(cut: number): void {
    const piece = this.buffer.slice(0, cut);
    this.buffer = this.buffer.slice(cut);
    this.lineEnd = 0;
    if (piece.trim().length > 0) this.sink.add(this.where, piece, this.options);
  }
}
