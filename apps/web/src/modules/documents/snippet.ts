/**
 * Search snippets come from the server as HTML: matched words in `<mark>…</mark>`, the rest
 * escaped. Before the page renders one as HTML, this makes sure that is all it holds: every
 * character that could start markup is escaped again, entity references the server wrote are
 * kept (so `&amp;` still reads "&"), and exactly `<mark>` and `</mark>` are let back in,
 * balanced. Anything else (`<script>`, `<mark onclick=…>`, `<img …>`) ends up as visible text.
 */

const TAG = /(<mark>|<\/mark>)/i;
const ENTITY = /^&(?:[a-z][a-z0-9]{1,31}|#\d{1,7}|#x[0-9a-f]{1,6});/i;

function escapeText(text: string): string {
  let out = '';
  for (let index = 0; index < text.length; index += 1) {
    const char = text[index];
    switch (char) {
      case '&': {
        const entity = ENTITY.exec(text.slice(index, index + 40));
        if (entity) {
          out += entity[0];
          index += entity[0].length - 1;
        } else {
          out += '&amp;';
        }
        break;
      }
      case '<':
        out += '&lt;';
        break;
      case '>':
        out += '&gt;';
        break;
      case '"':
        out += '&quot;';
        break;
      case "'":
        out += '&#39;';
        break;
      default:
        out += char;
    }
  }
  return out;
}

/** The snippet as safe HTML: text and balanced `<mark>` elements, nothing else. */
export function sanitiseSnippet(html: string): string {
  let out = '';
  let open = false;
  for (const part of html.split(TAG)) {
    const tag = part.toLowerCase();
    if (tag === '<mark>') {
      if (!open) out += '<mark>';
      open = true;
    } else if (tag === '</mark>') {
      if (open) out += '</mark>';
      open = false;
    } else {
      out += escapeText(part);
    }
  }
  return open ? `${out}</mark>` : out;
}
