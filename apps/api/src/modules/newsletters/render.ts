import { marked } from 'marked';
import sanitizeHtml from 'sanitize-html';

/**
 * An image an issue may show: a file of the library, by its same-origin download path
 * (`/api/documents/<id>/download`, optionally `?version=n`). Anything else (another host, a
 * protocol-relative or data: URL) could report who reads the issue and when.
 */
const LIBRARY_IMAGE =
  /^\/api\/documents\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\/download(\?version=[1-9]\d{0,5})?$/i;

export function isLibraryImage(src: string): boolean {
  return LIBRARY_IMAGE.test(src.trim());
}

/**
 * What an issue's HTML may contain: the Markdown constructs editors use (headings, links,
 * lists, tables, images from the library, code, quotes) and nothing that runs: no script or
 * style, no event handlers, no inline styles, and only http(s) and mailto URLs.
 */
const POLICY: sanitizeHtml.IOptions = {
  allowedTags: [
    'h1',
    'h2',
    'h3',
    'h4',
    'h5',
    'h6',
    'p',
    'br',
    'hr',
    'strong',
    'em',
    'del',
    's',
    'code',
    'pre',
    'blockquote',
    'ul',
    'ol',
    'li',
    'a',
    'img',
    'table',
    'thead',
    'tbody',
    'tr',
    'th',
    'td',
    'sup',
    'sub',
    'input',
  ],
  allowedAttributes: {
    a: ['href', 'title', 'rel'],
    img: ['src', 'alt', 'title', 'width', 'height'],
    th: ['align'],
    td: ['align'],
    ol: ['start'],
    // Task-list items from Markdown: a disabled checkbox.
    input: ['type', 'checked', 'disabled'],
  },
  allowedSchemes: ['http', 'https', 'mailto'],
  // Images are kept only with a library path (no scheme at all): see exclusiveFilter.
  allowedSchemesByTag: { img: [] },
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
  transformTags: {
    a: (tagName, attribs) => ({
      tagName,
      attribs: { ...attribs, rel: 'noopener noreferrer nofollow' },
    }),
    input: (tagName, attribs) =>
      attribs.type === 'checkbox'
        ? { tagName, attribs: { ...attribs, disabled: '' } }
        : { tagName: '', attribs: {} },
  },
  exclusiveFilter: (frame) =>
    (frame.tag === 'input' && frame.attribs.type !== 'checkbox') ||
    (frame.tag === 'img' && !isLibraryImage(frame.attribs.src ?? '')),
};

function toHtml(markdown: string): string {
  return marked.parse(markdown, { gfm: true, breaks: false, async: false });
}

/** Markdown (GitHub flavour) to sanitised HTML: exactly what readers and mail get. */
export function renderMarkdown(markdown: string): string {
  return sanitizeHtml(toHtml(markdown), POLICY).trim();
}

/**
 * The sources of images in the Markdown (or HTML written in it) that are not library files,
 * in order, each once: what saving an issue refuses rather than silently dropping.
 */
export function foreignImages(markdown: string): string[] {
  const found = new Set<string>();
  sanitizeHtml(toHtml(markdown), {
    allowedTags: ['img'],
    allowedAttributes: { img: ['src'] },
    allowedSchemesByTag: { img: ['http', 'https', 'data', 'ftp', 'cid', 'file'] },
    allowProtocolRelative: true,
    exclusiveFilter: (frame) => {
      if (frame.tag === 'img') {
        const src = frame.attribs.src ?? '';
        if (!isLibraryImage(src)) found.add(src === '' ? '(no address)' : src);
      }
      return false;
    },
  });
  return [...found];
}

/** Text for an HTML context (element content or a quoted attribute). */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}
