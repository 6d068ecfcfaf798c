import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { PASSWORD, type TestUser } from './factories';

const ROOT = resolve(__dirname, '../../..');

/** Debian's Chromium (CI installs it with apt); Playwright never downloads a browser here. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Screenshots and axe reports go here (gitignored). */
export const RESULTS_DIR = join(ROOT, 'test-results');

/** How long a browser test waits for something to show up before it fails. */
export const UI_TIMEOUT = 10_000;

/** The built SPA must exist: the server only serves it when `apps/web/dist` holds it. */
export function assertWebBuilt(): void {
  if (!existsSync(join(ROOT, 'apps/web/dist/index.html'))) {
    throw new Error(
      'The SPA is not built (apps/web/dist/index.html is missing): run `npm run build:web` ' +
        '(and `npm run build:api`) before the browser tests.',
    );
  }
}

/** Headless Chromium on loopback only. */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `Chromium not found at ${CHROMIUM_PATH}: install it (apt-get install chromium) ` +
        'or point CHROMIUM_PATH at a Chromium binary.',
    );
  }
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}

/** The WCAG 2.2 AA rule sets plus axe's best practices. */
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];

export interface AxeNode {
  target: unknown[];
  html: string;
  failureSummary?: string;
}

export interface AxeViolation {
  id: string;
  impact: 'minor' | 'moderate' | 'serious' | 'critical' | null;
  help: string;
  helpUrl: string;
  nodes: AxeNode[];
}

let axeSource: string | null = null;

function safeName(label: string): string {
  return label.replace(/[^a-z0-9-]+/gi, '-').replace(/^-|-$/g, '');
}

/**
 * Runs axe-core in the page. The source is evaluated through the DevTools protocol, which the
 * page's Content-Security-Policy (`script-src 'self'`) does not apply to, so the page under
 * test keeps its real CSP.
 */
export async function runAxe(page: Page, label: string): Promise<AxeViolation[]> {
  axeSource ??= readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
  const loaded = await page.evaluate(() => typeof (window as { axe?: unknown }).axe);
  if (loaded === 'undefined') await page.evaluate(axeSource);
  const { violations, incomplete } = await page.evaluate(async (runOnly) => {
    const axe = (window as unknown as { axe: { run: (...args: unknown[]) => Promise<unknown> } })
      .axe;
    const result = (await axe.run(document, { runOnly })) as {
      violations: AxeViolation[];
      incomplete: AxeViolation[];
    };
    const slim = (list: AxeViolation[]): AxeViolation[] =>
      list.map((v) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        helpUrl: v.helpUrl,
        nodes: v.nodes.map((n) => ({
          target: n.target,
          html: n.html,
          failureSummary: n.failureSummary,
        })),
      }));
    return { violations: slim(result.violations), incomplete: slim(result.incomplete) };
  }, AXE_TAGS);
  mkdirSync(RESULTS_DIR, { recursive: true });
  // The violations, and what axe could not decide alone ("needs review"), for a human to read.
  writeFileSync(
    join(RESULTS_DIR, `axe-${safeName(label)}.json`),
    JSON.stringify({ url: page.url(), violations, incomplete }, null, 2),
  );
  return violations;
}

export function formatViolations(violations: readonly AxeViolation[]): string {
  return violations
    .map(
      (v) =>
        `  [${v.impact ?? 'unknown'}] ${v.id}: ${v.help} (${v.helpUrl})\n` +
        v.nodes.map((n) => `      ${JSON.stringify(n.target)}  ${n.html.slice(0, 160)}`).join('\n'),
    )
    .join('\n');
}

/** Fails on any serious or critical axe violation, naming the rule, impact and nodes. */
export async function expectAccessible(page: Page, label: string): Promise<AxeViolation[]> {
  const violations = await runAxe(page, label);
  const blocking = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  if (blocking.length > 0) {
    throw new Error(
      `axe: ${blocking.length} serious/critical violation(s) on ${label} (${page.url()}):\n` +
        formatViolations(blocking),
    );
  }
  return violations;
}

/** A full-page screenshot into test-results/<name>.png. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const path = join(RESULTS_DIR, `${safeName(name)}.png`);
  await page.screenshot({ path, fullPage: true, animations: 'disabled' });
  return path;
}

/**
 * Waits until the page has rendered its h1 and no loading indicator is left (the SPA's
 * LoadingState is `.app-loading`), so axe and screenshots see the settled page.
 */
export async function settle(page: Page, timeout = UI_TIMEOUT): Promise<void> {
  await page.locator('main h1').first().waitFor({ state: 'visible', timeout });
  await page.waitForFunction(() => document.querySelectorAll('.app-loading').length === 0, null, {
    timeout,
  });
}

/** Fails when the document is wider than the viewport (horizontal scrolling). */
export async function expectNoHorizontalScroll(page: Page, width: number): Promise<void> {
  const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
  if (scrollWidth > width) {
    const wide = await page.evaluate((max) => {
      const out: string[] = [];
      for (const el of Array.from(document.querySelectorAll<HTMLElement>('body *'))) {
        const r = el.getBoundingClientRect();
        if (r.right > max + 1 && out.length < 8) {
          out.push(`${el.tagName.toLowerCase()}.${el.className} right=${Math.round(r.right)}`);
        }
      }
      return out;
    }, width);
    throw new Error(
      `horizontal scroll at ${width}px on ${page.url()}: scrollWidth ${scrollWidth}\n  ${wide.join('\n  ')}`,
    );
  }
}

/** Main-frame navigations from now on (a reload or any route change would show up). */
export async function watchNavigations(page: Page): Promise<{ urls: string[]; mark: string }> {
  const urls: string[] = [];
  page.on('framenavigated', (frame) => {
    if (frame === page.mainFrame()) urls.push(frame.url());
  });
  // A value that only survives while the document does: a reload would lose it.
  const mark = randomUUID();
  await page.evaluate((value) => {
    (window as unknown as { __ocvrnMark: string }).__ocvrnMark = value;
  }, mark);
  return { urls, mark };
}

export async function expectSameDocument(page: Page, watch: { urls: string[]; mark: string }) {
  expect(watch.urls).toEqual([]);
  expect(
    await page.evaluate(() => (window as unknown as { __ocvrnMark?: string }).__ocvrnMark),
  ).toBe(watch.mark);
}

export async function realtimeConnected(page: Page): Promise<void> {
  await page.locator('html[data-realtime="connected"]').waitFor({ state: 'attached' });
}

export async function h1(page: Page, name: string | RegExp): Promise<void> {
  await page.getByRole('heading', { level: 1, name }).waitFor();
}

/** Console and network trouble seen by a page: page errors, CSP refusals, 5xx answers. */
export function watchProblems(page: Page, problems: string[]): void {
  page.on('pageerror', (error) => problems.push(`pageerror on ${page.url()}: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error' && /Content.Security.Policy/i.test(message.text())) {
      problems.push(`CSP on ${page.url()}: ${message.text()}`);
    }
  });
  page.on('response', (response) => {
    if (response.status() >= 500) {
      problems.push(`${response.status()} from ${response.request().method()} ${response.url()}`);
    }
  });
}

/**
 * A fresh browser context (its own cookies and storage: a separate user) with one page whose
 * problems are collected into `problems`; the context is added to `contexts` for closing.
 */
export async function openWatchedPage(
  browser: Browser | undefined,
  options: {
    baseURL: string;
    viewport: { width: number; height: number };
    acceptDownloads?: boolean;
  },
  contexts: BrowserContext[],
  problems: string[],
): Promise<Page> {
  if (!browser) throw new Error('Chromium did not start');
  const context = await browser.newContext({
    ...options,
    locale: 'en-GB',
    timezoneId: 'Europe/London',
    reducedMotion: 'reduce',
  });
  contexts.push(context);
  context.setDefaultTimeout(UI_TIMEOUT);
  const page = await context.newPage();
  watchProblems(page, problems);
  return page;
}

/** Signs `user` in through the sign-in page and waits for the welcome heading. */
export async function signIn(page: Page, user: TestUser): Promise<void> {
  await page.goto('/sign-in');
  await h1(page, 'Sign in');
  await page.getByLabel('Email address', { exact: true }).fill(user.email);
  await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.waitForURL((url) => url.pathname === '/');
  await h1(page, `Welcome, ${user.name}`);
}

/** The narrowest width pages must fit without sideways scrolling. */
export const NARROWEST = 320;

/** Checks a settled page with axe and takes its screenshot; at 320 px, no sideways scroll. */
export async function auditPage(page: Page, label: string): Promise<void> {
  await settle(page);
  await expectAccessible(page, label);
  await screenshot(page, label);
  const width = page.viewportSize()?.width;
  if (width !== undefined && width <= NARROWEST) await expectNoHorizontalScroll(page, width);
}
