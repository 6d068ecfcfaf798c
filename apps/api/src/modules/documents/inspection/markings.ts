import type { RefusedMarking } from '@contracts';

export interface MarkingHit {
  marking: RefusedMarking;
  /** e.g. `page 3`, `header`, `footer`, `document properties`, `sensitivity label`, `text`. */
  where: string;
}

/*
 * Research on organised crime is full of "secret", "confidential informants", "restricted
 * access" and "protect victims". A protective marking is told apart by how it is written, not
 * by the word: in capitals, as a whole word, and set apart as a marking (on a line of its own,
 * in brackets, after "Classification:", or in a header, footer or the document's properties).
 */

const SPACE = '[ \\t]*';
const DASH = '[-\u2010\u2011\u2012\u2013\u2014_]';
const MARKING_SOURCE =
  `OFFICIAL${SPACE}${DASH}?${SPACE}SENSITIVE|TOP${SPACE}${DASH}?${SPACE}SECRET|` +
  'SECRET|PROTECT|RESTRICTED|CONFIDENTIAL';
const WORD_BEFORE = '(?<![\\p{L}\\p{N}])';
const WORD_AFTER = '(?![\\p{L}\\p{N}])';

/** Capitals only: how markings are written. */
const CAPITALS = new RegExp(`${WORD_BEFORE}(?:${MARKING_SOURCE})${WORD_AFTER}`, 'gu');
/** Any case: a sensitivity label's name is a marking whatever its case ("Official Sensitive"). */
const ANY_CASE = new RegExp(`${WORD_BEFORE}(?:${MARKING_SOURCE})${WORD_AFTER}`, 'giu');
/** Cheap first test, so most text costs one scan. */
const MAY_HOLD = /OFFICIAL|SECRET|PROTECT|RESTRICTED|CONFIDENTIAL/;

/** Words that go before a marking: `UK SECRET`, `NATO RESTRICTED`. */
const PREFIX = '(?:UK|NATO|EU|HMG|COSMIC)';
/**
 * What may follow a marking on its line: descriptors and caveats (`OFFICIAL-SENSITIVE:
 * PERSONAL`, `SECRET UK EYES ONLY`, `TOP SECRET STRAP1`, `RESTRICTED - COMMERCIAL`, pre-2014
 * descriptors), and the page numbers headers carry.
 */
const DESCRIPTOR =
  '(?:PERSONAL|COMMERCIAL|LOCSEN|SENSITIVE|MANAGEMENT|POLICY|STAFF|CONTRACTS|APPOINTMENTS|' +
  'INVESTIGATIONS?|MEDICAL|HONOURS|REGULATORY|BUDGET|LEGAL|VISITS|DRAFT|NOFORN|ORCON|RELIDO|' +
  'ATOMAL|CODEWORD|' +
  `${PREFIX}|(?:[A-Z]{2,4}${SPACE})?EYES${SPACE}ONLY|STRAP${SPACE}[1-3]|` +
  `REL(?:EASABLE)?${SPACE}TO${SPACE}[A-Z]{2,4}(?:${SPACE}[,/]${SPACE}[A-Z]{2,4})*|` +
  `[Pp]age${SPACE}\\d+(?:${SPACE}of${SPACE}\\d+)?|\\d+)`;
const FILLER = '[\\s\\p{P}\\p{S}]';

const ALONE_BEFORE = new RegExp(
  `^(?:${FILLER}|${PREFIX}${WORD_AFTER}|${DESCRIPTOR}${WORD_AFTER})*$`,
  'u',
);
const ALONE_AFTER = new RegExp(`^(?:${FILLER}|${DESCRIPTOR}${WORD_AFTER})*$`, 'u');
const BRACKET_BEFORE = new RegExp(`[\\[(<{\u00ab\u3010]${SPACE}(?:${PREFIX}${SPACE})?$`, 'u');
const BRACKET_AFTER = new RegExp(
  `^(?:[ \\t:/|,;.]|${DASH}|${DESCRIPTOR}${WORD_AFTER})*[\\])>}\u00bb\u3011]`,
  'u',
);
const LABEL_BEFORE = new RegExp(
  '(?:classification|classified|protective' +
    SPACE +
    'marking|security' +
    SPACE +
    'marking|marking|caveat|sensitivity|security' +
    SPACE +
    'level)' +
    `${SPACE}(?:[:=]|${DASH})+${SPACE}[\\[(]?${SPACE}(?:${PREFIX}${SPACE})?$`,
  'iu',
);
/** An all-capitals word glued (by spaces or a hyphen) to the marking: a heading, not a marking. */
const CAPS_WORD_BEFORE = new RegExp(
  `${WORD_BEFORE}(\\p{Lu}[\\p{Lu}\\p{N}'\u2019]*)(?: +|${DASH})$`,
  'u',
);
const CAPS_WORD_AFTER = new RegExp(
  `^(?: +|${DASH})(\\p{Lu}[\\p{Lu}\\p{N}'\u2019]*)${WORD_AFTER}`,
  'u',
);
const PREFIX_WORD = new RegExp(`^${PREFIX}$`);
const DESCRIPTOR_WORD = new RegExp(`^${DESCRIPTOR}$`);

/** Where a capitalised marking word is a marking wherever it stands on its line. */
const MARKING_PLACE = /^(?:header|footer|document properties|image metadata)\b/;
const LABEL_PLACE = 'sensitivity label';

/** How far around a match its line is looked at; a longer line is running text. */
const CONTEXT = 400;
const LINE_BREAK = /[\n\r\f\v\u2028\u2029]/g;

function canonical(match: string): RefusedMarking {
  const upper = match.toUpperCase();
  if (upper.startsWith('OFFICIAL')) return 'OFFICIAL-SENSITIVE';
  if (upper.startsWith('TOP')) return 'TOP SECRET';
  return upper as RefusedMarking;
}

/**
 * Line bounds for matches met in increasing order, each character looked at once: a text of
 * many matches on one long line costs no more than one scan.
 */
class Lines {
  private start = 0;
  /** End of the current line (index of its break, or the text's length). */
  private end = -1;

  constructor(private readonly text: string) {}

  around(index: number): { start: number; end: number } {
    if (index > this.end) {
      // The new line starts after the last break between the old line's end and `index`.
      LINE_BREAK.lastIndex = Math.max(this.end, 0);
      let start = this.end + 1;
      for (let m = LINE_BREAK.exec(this.text); m !== null && m.index < index;) {
        start = m.index + 1;
        m = LINE_BREAK.exec(this.text);
      }
      this.start = Math.max(start, 0);
      LINE_BREAK.lastIndex = index;
      const next = LINE_BREAK.exec(this.text);
      this.end = next === null ? this.text.length : next.index;
    }
    return { start: this.start, end: this.end };
  }
}

function inCapitalPhrase(before: string, after: string): boolean {
  const previous = CAPS_WORD_BEFORE.exec(before.slice(-48))?.[1];
  if (previous !== undefined && !PREFIX_WORD.test(previous)) return true;
  const next = CAPS_WORD_AFTER.exec(after)?.[1];
  return next !== undefined && !DESCRIPTOR_WORD.test(next);
}

interface Context {
  before: string;
  after: string;
  /** The whole line is in `before` + marking + `after` (it is not a long line cut short). */
  whole: boolean;
}

function looksLikeMarking({ before, after, whole }: Context, where: string): boolean {
  if (whole && ALONE_BEFORE.test(before) && ALONE_AFTER.test(after)) return true;
  // Brackets and labels sit right before the marking: look at the end of the line only,
  // and only when it holds a bracket or a separator at all.
  const near = before.slice(-48);
  if (/[[(<{\u00ab\u3010]/.test(near) && BRACKET_BEFORE.test(near) && BRACKET_AFTER.test(after)) {
    return true;
  }
  if (/[:=\-\u2010-\u2014_]/.test(near) && LABEL_BEFORE.test(near)) return true;
  return MARKING_PLACE.test(where) && !inCapitalPhrase(before, after);
}

function contextOf(lines: Lines, text: string, index: number, length: number): Context {
  const { start, end } = lines.around(index);
  const from = Math.max(start, index - CONTEXT);
  const to = Math.min(end, index + length + CONTEXT);
  return {
    before: text.slice(from, index),
    after: text.slice(index + length, to),
    whole: from === start && to === end,
  };
}

/**
 * Protective markings above OFFICIAL in `text`, found at `where`. `TOP SECRET` is reported as
 * that alone, `OFFICIAL-SENSITIVE` likewise; `OFFICIAL` and `UNCLASSIFIED` are not markings to
 * report. One hit per marking.
 */
export function findMarkings(text: string, where: string): MarkingHit[] {
  // `sensitivity label (in word/embeddings/…)`: a label of an embedded document.
  const label = where === LABEL_PLACE || where.startsWith(`${LABEL_PLACE} (`);
  if (!label && !MAY_HOLD.test(text)) return [];
  const pattern = label ? ANY_CASE : CAPITALS;
  const found = new Set<RefusedMarking>();
  const lines = new Lines(text);
  pattern.lastIndex = 0;
  for (let m = pattern.exec(text); m !== null; m = pattern.exec(text)) {
    const marking = canonical(m[0]);
    if (found.has(marking)) continue;
    if (label) {
      found.add(marking);
      continue;
    }
    if (looksLikeMarking(contextOf(lines, text, m.index, m[0].length), where)) {
      found.add(marking);
    }
  }
  return [...found].map((marking) => ({ marking, where }));
}
