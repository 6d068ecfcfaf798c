import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';

function fromHere(relative: string): string {
  return decodeURIComponent(new URL(relative, import.meta.url).pathname);
}

const apiTarget = 'http://localhost:3000';

/** The font stack that replaces GOV.UK's typeface, which belongs to GOV.UK alone. */
export const SYSTEM_FONT_STACK = '"Helvetica Neue", Helvetica, Arial, sans-serif';

/**
 * Removes `@media` blocks whose query uses the `\0` hack for Internet Explorer 8: invalid CSS
 * that modern browsers ignore and that Lightning CSS refuses to minify.
 */
function withoutIe8MediaHacks(css: string): string {
  let out = '';
  let index = 0;
  for (;;) {
    const start = css.indexOf('@media', index);
    if (start === -1) break;
    const open = css.indexOf('{', start);
    if (open === -1) break;
    const query = css.slice(start, open);
    if (!query.includes('\\0')) {
      out += css.slice(index, open + 1);
      index = open + 1;
      continue;
    }
    let depth = 1;
    let end = open + 1;
    while (end < css.length && depth > 0) {
      if (css[end] === '{') depth += 1;
      else if (css[end] === '}') depth -= 1;
      end += 1;
    }
    out += css.slice(index, start);
    index = end;
  }
  return out + css.slice(index);
}

/**
 * govuk-frontend's compiled CSS declares the GDS Transport typeface (with font files under
 * /assets/fonts) and the crown (/assets/images/govuk-crest.svg). Neither may be used outside
 * GOV.UK, so this plugin strips the @font-face rules, swaps the typeface for a system font
 * stack and drops every url(...) to GOV.UK assets before Vite processes the file.
 */
function withoutGovukBrandAssets(): Plugin {
  return {
    name: 'ocvrn:without-govuk-brand-assets',
    enforce: 'pre',
    transform(code, id) {
      if (!/govuk-frontend[\\/].*\.css(\?.*)?$/.test(id)) return null;
      const css = withoutIe8MediaHacks(code)
        .replace(/@font-face\s*\{[^}]*\}/g, '')
        .replace(
          /font-family:\s*"?GDS Transport"?\s*,\s*arial\s*,\s*sans-serif/gi,
          `font-family:${SYSTEM_FONT_STACK}`,
        )
        .replace(
          /font-family:\s*"?GDS Transport"?\s*(?=[;}])/gi,
          `font-family:${SYSTEM_FONT_STACK}`,
        )
        .replace(/url\(\s*["']?\/assets\/[^)]*\)/g, 'none')
        .replace(/\/\*# sourceMappingURL=[^*]*\*\//g, '');
      return { code: css, map: null };
    },
  };
}

export default defineConfig({
  plugins: [withoutGovukBrandAssets(), react()],
  resolve: {
    alias: [
      { find: /^@contracts$/, replacement: fromHere('../../libs/contracts/src/index.ts') },
      { find: /^@web\//, replacement: `${fromHere('./src')}/` },
    ],
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: false,
  },
  server: {
    port: 5173,
    proxy: {
      '/api': { target: apiTarget, changeOrigin: true },
      '/socket.io': { target: apiTarget, changeOrigin: true, ws: true },
    },
  },
});
