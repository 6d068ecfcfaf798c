import { randomBytes, randomUUID } from 'node:crypto';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import {
  assertWebBuilt,
  expectSameDocument,
  h1,
  launchChromium,
  openWatchedPage,
  realtimeConnected,
  screenshot,
  watchNavigations,
  auditPage,
  signIn,
} from '@testing/browser';
import { createUser, type TestUser } from '@testing/factories';
import { makeElf, makePdf, makePng } from '@testing/files';
import { startTestApp, type TestApp } from '@testing/test-app';

/**
 * The library in Chromium. A member uploads a PDF through the form (the progress bar reaches
 * 100%) and lands on its page; another member, on the library all along, sees it arrive live,
 * finds it by a word from inside the PDF (highlighted in the snippet) and downloads it. An
 * upload whose text carries SECRET is held: a moderator sees it arrive live in the queue and
 * rejects it with a reason, which the uploader sees on the page they never left. A file whose
 * content is an executable is refused with the server's reason, and one over the size limit
 * is refused before it is sent. axe-core runs on every page and state visited.
 */

const DESKTOP = { width: 1024, height: 768 };
const NARROW = { width: 320, height: 720 };
/** The test server's upload limit, so the size check can be tried with a small file. */
const MAX_UPLOAD_MB = 1;
const UUID_PATH = /^\/library\/[0-9a-f-]{36}$/;

/** A word no other document holds: letters only, so the search finds it as one word. */
function uniqueWord(prefix: string): string {
  const letters = [...randomBytes(8)].map((byte) => String.fromCharCode(97 + (byte % 26)));
  return `${prefix}${letters.join('')}`;
}

describe('browser: the library, from upload to reader and moderator', () => {
  let t: TestApp | undefined;
  let browser: Browser | undefined;
  /** Uploads. */
  let una: TestUser;
  /** Reads. */
  let rhys: TestUser;
  /** Moderates. */
  let mina: TestUser;
  let contexts: BrowserContext[] = [];
  /** Uncaught exceptions, CSP violations and server errors in any page: each fails the test. */
  let problems: string[] = [];

  const app = (): TestApp => {
    if (!t) throw new Error('the test app did not start');
    return t;
  };

  beforeAll(async () => {
    assertWebBuilt();
    browser = await launchChromium();
    t = await startTestApp({ env: { MAX_UPLOAD_MB: String(MAX_UPLOAD_MB) } });
    una = await createUser(app().db, { name: 'Una Uploader', email: 'una.uploader@example.ac.uk' });
    rhys = await createUser(app().db, { name: 'Rhys Reader', email: 'rhys.reader@example.org' });
    mina = await createUser(app().db, {
      roles: ['member', 'moderator'],
      name: 'Mina Moderator',
      email: 'mina.moderator@ocvrn.test',
    });
  });

  afterEach(async () => {
    await Promise.all(contexts.map((c) => c.close()));
    contexts = [];
    const seen = problems;
    problems = [];
    expect(seen).toEqual([]);
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  function openPage(viewport = DESKTOP): Promise<Page> {
    return openWatchedPage(browser, { baseURL: app().url, viewport }, contexts, problems);
  }

  const audit = (page: Page, label: string) => auditPage(page, `library-${label}`);

  function menu(page: Page): Locator {
    return page.getByRole('navigation', { name: 'Menu' });
  }

  async function menuLink(page: Page, name: string | RegExp): Promise<void> {
    const toggle = menu(page).getByRole('button', { name: /^Menu/ });
    if ((await toggle.count()) > 0 && (await toggle.getAttribute('aria-expanded')) !== 'true') {
      await toggle.click();
    }
    await menu(page).getByRole('link', { name }).click();
  }

  /** A banner shown after an action (given the focus). */
  async function banner(page: Page, text: string | RegExp): Promise<Locator> {
    const region = page.locator('.govuk-notification-banner').filter({ hasText: text });
    await region.waitFor();
    await page.waitForFunction(
      (el) => el === document.activeElement,
      await region.elementHandle(),
      { timeout: 3_000 },
    );
    return region;
  }

  /** Records every percent the upload's progress bar shows, across the SPA's navigation. */
  async function recordProgress(page: Page): Promise<() => Promise<number[]>> {
    await page.evaluate(() => {
      const seen: number[] = [];
      (window as unknown as { __uploadProgress: number[] }).__uploadProgress = seen;
      const note = (el: Element | null | undefined) => {
        const value = el?.getAttribute('data-percent');
        if (value !== null && value !== undefined && seen.at(-1) !== Number(value)) {
          seen.push(Number(value));
        }
      };
      new MutationObserver((records) => {
        for (const record of records) {
          if (record.target instanceof Element) note(record.target.closest('[data-percent]'));
          for (const node of [...record.addedNodes, ...record.removedNodes]) {
            if (node instanceof Element) {
              note(node.matches('[data-percent]') ? node : node.querySelector('[data-percent]'));
            }
          }
        }
      }).observe(document.body, {
        subtree: true,
        childList: true,
        attributes: true,
        attributeFilter: ['data-percent'],
      });
    });
    return () =>
      page.evaluate(() => (window as unknown as { __uploadProgress: number[] }).__uploadProgress);
  }

  interface UploadForm {
    title: string;
    file: { name: string; mimeType: string; buffer: Buffer };
    marking?: 'UNCLASSIFIED' | 'OFFICIAL';
    authors?: string;
    year?: string;
    abstract?: string;
    topics?: string[];
  }

  async function fillUpload(page: Page, form: UploadForm): Promise<void> {
    await page.getByLabel('Title', { exact: true }).fill(form.title);
    if (form.authors) await page.getByLabel('Authors (optional)').fill(form.authors);
    if (form.year) await page.getByLabel('Year of publication (optional)').fill(form.year);
    if (form.abstract) await page.getByLabel('Abstract (optional)').fill(form.abstract);
    for (const topic of form.topics ?? []) {
      await page.getByRole('checkbox', { name: topic, exact: true }).check();
    }
    await page.getByRole('radio', { name: form.marking ?? 'UNCLASSIFIED', exact: true }).check();
    await page.getByLabel('File', { exact: true }).setInputFiles(form.file);
  }

  /** Fills the form, uploads, and returns the new document's id once its page shows. */
  async function upload(page: Page, form: UploadForm): Promise<{ id: string; percents: number[] }> {
    await fillUpload(page, form);
    const percents = await recordProgress(page);
    await page.getByRole('button', { name: 'Upload document', exact: true }).click();
    await page.waitForURL((url) => UUID_PATH.test(url.pathname));
    await h1(page, form.title);
    return { id: new URL(page.url()).pathname.split('/')[2], percents: await percents() };
  }

  function withFailureScreenshots(name: string, body: () => Promise<void>) {
    return async () => {
      try {
        await body();
      } catch (error) {
        const pages = contexts.flatMap((c) => c.pages());
        await Promise.all(
          pages.map((p, i) => screenshot(p, `FAILED-library-${name}-${i}`).catch(() => undefined)),
        );
        throw error;
      }
    };
  }

  it(
    'uploads a PDF with progress, shows it live to another member, finds it by a word inside',
    withFailureScreenshots('upload', async () => {
      const tag = randomUUID().slice(0, 6);
      const title = `County lines and rail networks ${tag}`;
      const inside = uniqueWord('ferrovia');
      const pdf = makePdf({
        pages: [
          `Findings from the transport study.\nRunners travel by ${inside} corridors between towns.`,
          'Second page: methods and sources.',
        ],
        title,
      });

      // Rhys is on the library throughout, the socket connected.
      const reader = await openPage();
      await signIn(reader, rhys);
      await menuLink(reader, 'Library');
      await reader.waitForURL((url) => url.pathname === '/library');
      await h1(reader, 'Library');
      await realtimeConnected(reader);
      expect(await reader.title()).toBe('Library – OCVRN');
      await audit(reader, 'search');
      const readerWatch = await watchNavigations(reader);

      // Una: from the library to the upload form; nothing filled in, the summary says what.
      const uploader = await openPage();
      await signIn(uploader, una);
      await menuLink(uploader, 'Library');
      await h1(uploader, 'Library');
      await uploader.getByRole('link', { name: 'Upload a document', exact: true }).click();
      await h1(uploader, 'Upload a document');
      await uploader.getByRole('checkbox', { name: 'Drugs', exact: true }).waitFor();
      await uploader.getByText(/Do not upload anything marked OFFICIAL-SENSITIVE/).waitFor();
      await audit(uploader, 'upload');

      await uploader.getByRole('button', { name: 'Upload document', exact: true }).click();
      const summary = uploader.locator('.govuk-error-summary');
      await summary.getByRole('link', { name: 'Enter a title' }).waitFor();
      await summary
        .getByRole('link', { name: 'Select the protective marking of the document' })
        .waitFor();
      await summary.getByRole('link', { name: 'Select a file to upload' }).click();
      await uploader.waitForFunction(() => document.activeElement?.id === 'document-file');
      expect(await uploader.title()).toBe('Error: Upload a document – OCVRN');
      await audit(uploader, 'upload-errors');

      const { id, percents } = await upload(uploader, {
        title,
        authors: 'Ada Researcher\nBen Analyst',
        year: '2024',
        abstract: 'How county lines use the rail network.',
        topics: ['Markets and networks', 'Drugs'],
        marking: 'OFFICIAL',
        file: { name: 'county-lines.pdf', mimeType: 'application/pdf', buffer: pdf },
      });
      expect(percents.at(-1)).toBe(100);
      expect(percents.every((value, i) => i === 0 || value >= percents[i - 1])).toBe(true);
      await banner(uploader, 'Your document is published in the library.');
      const details = uploader.locator('.govuk-summary-list');
      await details.getByText('Ada Researcher and Ben Analyst', { exact: true }).waitFor();
      await details.getByText('OFFICIAL', { exact: true }).waitFor();
      await details.getByText('Markets and networks', { exact: true }).waitFor();
      await uploader.getByTestId('document-version-1').waitFor();
      await uploader.getByRole('heading', { name: 'Upload a new version' }).waitFor();
      await audit(uploader, 'document-uploaded');

      // Rhys, never reloaded: the notice and the refreshed list both show it.
      const arrivals = reader.getByTestId('library-new-documents');
      await arrivals.getByRole('link', { name: title }).waitFor();
      const item = reader.getByTestId(`document-${id}`);
      await item.getByRole('link', { name: title }).waitFor();
      await item.getByText('PDF', { exact: true }).waitFor();
      await reader
        .getByTestId('live-region')
        .getByText(`A document was added to the library: ${title}`)
        .waitFor();
      await expectSameDocument(reader, readerWatch);
      await audit(reader, 'search-live');

      // A word only the PDF's text holds finds it, highlighted in the snippet.
      const search = reader.getByRole('search', { name: 'Library' });
      await search.getByLabel('Search the library').fill(inside);
      await search.getByRole('button', { name: 'Search', exact: true }).click();
      await reader.waitForURL((url) => url.searchParams.get('q') === inside);
      await reader.getByRole('heading', { name: '1 document', exact: true }).waitFor();
      const mark = item.getByTestId('snippet').locator('mark');
      await mark.first().waitFor();
      expect((await mark.first().innerText()).toLowerCase()).toBe(inside);
      expect(await item.getByTestId('snippet').locator(':not(mark)').count()).toBe(0);
      await reader.getByLabel('Sort by').waitFor();
      await audit(reader, 'search-snippet');

      await search.getByLabel('Search the library').fill(uniqueWord('nowhere'));
      await search.getByRole('button', { name: 'Search', exact: true }).click();
      await reader.getByText('No documents match your search', { exact: true }).waitFor();
      await audit(reader, 'search-no-match');
      await reader.goBack();
      await item.waitFor();

      // Its page: the download (with the bearer token, as a blob) counts.
      await item.getByRole('link', { name: title }).click();
      await reader.waitForURL((url) => url.pathname === `/library/${id}`);
      await h1(reader, title);
      expect(await reader.getByRole('heading', { name: 'Upload a new version' }).count()).toBe(0);
      expect(await reader.getByRole('button', { name: 'Delete document' }).count()).toBe(0);
      const downloading = reader.waitForEvent('download');
      await reader
        .getByRole('button', { name: new RegExp(`^Download “${title}” \\(PDF, `) })
        .click();
      const download = await downloading;
      expect(download.suggestedFilename()).toBe('county-lines.pdf');
      await reader.getByTestId('document-downloads').getByText('1', { exact: true }).waitFor();
      await audit(reader, 'document-reader');

      // Una deletes it, after the confirmation; Rhys, still on its page, is told it went.
      const readerOnPage = await watchNavigations(reader);
      await uploader.getByRole('button', { name: 'Delete document', exact: true }).click();
      const confirm = uploader.getByRole('group', { name: /^Delete your document/ });
      await confirm.waitFor();
      await uploader.waitForFunction(() => document.activeElement?.textContent === 'Cancel');
      await audit(uploader, 'delete-confirm');
      await confirm.getByRole('button', { name: 'Yes, delete this document', exact: true }).click();
      await uploader.waitForURL((url) => url.pathname === '/library/mine');
      await uploader
        .getByRole('alert')
        .filter({ hasText: `“${title}” has been deleted.` })
        .waitFor();
      await uploader.getByText('You have not uploaded any documents', { exact: true }).waitFor();
      await audit(uploader, 'mine-deleted');

      await reader
        .getByRole('region', { name: 'Important' })
        .getByText('This document was removed')
        .waitFor();
      await h1(reader, title);
      expect(await reader.getByRole('button', { name: /^Download/ }).count()).toBe(0);
      await expectSameDocument(reader, readerOnPage);
      await audit(reader, 'document-removed');

      // Back to the search it came from: the document has gone from it.
      await reader.locator('main .govuk-back-link').click();
      await reader.waitForURL((url) => url.searchParams.get('q') === inside);
      await reader.getByText('No documents match your search', { exact: true }).waitFor();
    }),
  );

  it(
    'holds an upload marked SECRET: a moderator sees it live and rejects it; the uploader sees why',
    withFailureScreenshots('quarantine', async () => {
      const title = `Weekly intelligence summary ${randomUUID().slice(0, 6)}`;
      const reason = 'The file carries a SECRET marking and may not be shared here.';
      const pdf = makePdf({
        pages: ['SECRET\nWeekly intelligence summary.\nSources and methods.\nSECRET'],
      });

      // Mina, a moderator, waits on the queue.
      const moderator = await openPage();
      await signIn(moderator, mina);
      await menuLink(moderator, 'Moderation');
      await h1(moderator, 'Library moderation');
      await moderator.getByText('No documents are waiting for review', { exact: true }).waitFor();
      await realtimeConnected(moderator);
      await audit(moderator, 'moderation-empty');
      const moderatorWatch = await watchNavigations(moderator);

      const uploader = await openPage();
      await signIn(uploader, una);
      await uploader.goto('/library/upload');
      await h1(uploader, 'Upload a document');
      await realtimeConnected(uploader);
      const { id } = await upload(uploader, {
        title,
        file: { name: 'summary.pdf', mimeType: 'application/pdf', buffer: pdf },
      });
      const held = await banner(
        uploader,
        /held for review by a moderator because it appears to carry the marking SECRET \(found in page 1\)/,
      );
      expect(await held.getAttribute('role')).toBe('region');
      await uploader.getByText('Held for review', { exact: true }).first().waitFor();
      await audit(uploader, 'document-held');
      const uploaderWatch = await watchNavigations(uploader);

      // Mina, never reloaded: the upload is in the queue with what was found.
      const card = moderator.getByTestId(`queue-${id}`);
      await card.getByRole('link', { name: title }).waitFor();
      await card.getByText('SECRET', { exact: true }).waitFor();
      await card.getByText('Una Uploader', { exact: false }).first().waitFor();
      await expectSameDocument(moderator, moderatorWatch);
      await audit(moderator, 'moderation-queue');

      // A rejection needs a reason.
      await card.getByRole('button', { name: `Reject ${title}` }).click();
      const reasonField = card.getByLabel('Reason for rejecting');
      await moderator.waitForFunction(() => document.activeElement?.tagName === 'TEXTAREA');
      await card.getByRole('button', { name: 'Reject document', exact: true }).click();
      await card.getByText('Enter the reason for rejecting this document').first().waitFor();
      await audit(moderator, 'moderation-reject-form');
      await reasonField.fill(reason);
      await card.getByRole('button', { name: 'Reject document', exact: true }).click();
      await banner(moderator, `You rejected “${title}”. Una Uploader has been told why.`);
      await moderator.getByText('No documents are waiting for review', { exact: true }).waitFor();
      await audit(moderator, 'moderation-rejected');

      await moderator
        .getByRole('navigation', { name: 'Document status' })
        .getByRole('link', { name: 'Rejected' })
        .click();
      await moderator.getByTestId(`queue-${id}`).getByText(reason).waitFor();

      // Una, on the document's page all along: rejected, with the reason.
      await uploader.getByTestId('document-rejected').getByText(reason).waitFor();
      await uploader.getByText('Rejected', { exact: true }).first().waitFor();
      expect(await uploader.locator('#document-done').count()).toBe(0);
      await uploader
        .getByTestId('live-region')
        .getByText(`A moderator rejected your document: ${title}. Reason: ${reason}`)
        .waitFor();
      expect(await uploader.getByRole('button', { name: /^Download/ }).count()).toBe(0);
      await expectSameDocument(uploader, uploaderWatch);
      await audit(uploader, 'document-rejected');

      await uploader.goto('/library/mine');
      await h1(uploader, 'Your uploads');
      const mine = uploader.getByTestId(`document-${id}`);
      await mine.getByText('Rejected', { exact: true }).waitFor();
      await mine.getByText(`Reason: ${reason}`).waitFor();
      await audit(uploader, 'mine');

      // Nobody else finds it.
      const reader = await openPage();
      await signIn(reader, rhys);
      await reader.goto(`/library/${id}`);
      await h1(reader, 'Document not found');
    }),
  );

  it(
    'holds an uploaded image for review: the moderator sees why it was not fully inspected',
    withFailureScreenshots('image-review', async () => {
      const title = `Port photograph ${randomUUID().slice(0, 6)}`;
      const uploader = await openPage();
      await signIn(uploader, una);
      await uploader.goto('/library/upload');
      await h1(uploader, 'Upload a document');
      const { id } = await upload(uploader, {
        title,
        file: { name: 'port.png', mimeType: 'image/png', buffer: makePng(19, 7) },
      });
      await banner(
        uploader,
        /held for review by a moderator because it could not be fully inspected/,
      );

      const moderator = await openPage();
      await signIn(moderator, mina);
      await menuLink(moderator, 'Moderation');
      await h1(moderator, 'Library moderation');
      const card = moderator.getByTestId(`queue-${id}`);
      await card.getByRole('link', { name: title }).waitFor();
      await card.getByText('Not fully inspected', { exact: true }).waitFor();
      await card
        .getByText(
          'The file is an image: only its descriptions (XMP, EXIF, IPTC) were checked for ' +
            'markings, not the picture itself.',
          { exact: true },
        )
        .waitFor();
      expect(await card.getByText('Found in', { exact: true }).count()).toBe(0);
      await audit(moderator, 'moderation-not-fully-inspected');
    }),
  );

  it(
    'refuses a dropped executable named .pdf with the server’s reason, and a file over the limit',
    withFailureScreenshots('refused', async () => {
      const page = await openPage(NARROW);
      await signIn(page, una);
      await menuLink(page, 'Library');
      await h1(page, 'Library');
      await audit(page, 'search-320');
      await page.getByRole('link', { name: 'Upload a document', exact: true }).click();
      await h1(page, 'Upload a document');
      await audit(page, 'upload-320');

      // Dropped on the drop zone rather than chosen.
      const dataTransfer = await page.evaluateHandle(
        (bytes) => {
          const transfer = new DataTransfer();
          transfer.items.add(
            new File([new Uint8Array(bytes)], 'report.pdf', { type: 'application/pdf' }),
          );
          return transfer;
        },
        [...makeElf()],
      );
      const zone = page.getByTestId('document-file-drop-zone');
      await zone.dispatchEvent('dragenter', { dataTransfer });
      await zone.dispatchEvent('dragover', { dataTransfer });
      await zone.dispatchEvent('drop', { dataTransfer });
      await zone.getByText('report.pdf', { exact: true }).waitFor();

      await page
        .getByLabel('Title', { exact: true })
        .fill(`Not a report ${randomUUID().slice(0, 6)}`);
      await page.getByRole('radio', { name: 'UNCLASSIFIED', exact: true }).check();
      await page.getByRole('button', { name: 'Upload document', exact: true }).click();
      const summary = page.locator('.govuk-error-summary');
      const refusal = summary.getByRole('link', { name: /executable/i });
      await refusal.waitFor();
      const message = await refusal.innerText();
      await page.locator('#document-file-error').getByText(message).waitFor();
      expect(page.url()).toMatch(/\/library\/upload$/);
      await audit(page, 'upload-refused-320');

      // Too large: refused before a byte is sent.
      let sent = false;
      page.on('request', (request) => {
        if (request.method() === 'POST' && request.url().endsWith('/api/documents')) sent = true;
      });
      await page.getByLabel('File', { exact: true }).setInputFiles({
        name: 'big.pdf',
        mimeType: 'application/pdf',
        buffer: Buffer.alloc(MAX_UPLOAD_MB * 1024 * 1024 + 1, 0x20),
      });
      await page.getByRole('button', { name: 'Upload document', exact: true }).click();
      await summary
        .getByRole('link', { name: `The selected file must be smaller than ${MAX_UPLOAD_MB} MB` })
        .waitFor();
      expect(sent).toBe(false);
      await audit(page, 'upload-too-large-320');
    }),
  );
});
