import { useCallback, useEffect, useRef, useState } from 'react';
import type { LibraryDocument } from '@contracts';
import { announce } from '@web/lib/announcer';
import type { UploadAnswer, UploadProgress } from '../api/upload-request';
import { isAbortError } from '../api/upload-request';
import { refreshDocumentLists, storeDocument } from '../documents-cache';

export type UploadState =
  | { phase: 'idle' }
  /** The file is on its way: `loaded` of `total` bytes sent. */
  | { phase: 'sending'; progress: UploadProgress; fileName: string }
  /** Every byte is sent; the server is checking the file. */
  | { phase: 'checking'; progress: UploadProgress; fileName: string };

export type UploadOutcome =
  | { kind: 'done'; answer: UploadAnswer<LibraryDocument> }
  | { kind: 'cancelled' }
  | { kind: 'failed'; error: unknown };

type Send = (options: {
  onProgress: (progress: UploadProgress) => void;
  signal: AbortSignal;
}) => Promise<UploadAnswer<LibraryDocument>>;

/**
 * One upload at a time with its progress, and a cancel that aborts the request. An upload
 * still running when the page goes is cancelled.
 */
export function useUpload() {
  const [state, setState] = useState<UploadState>({ phase: 'idle' });
  const controller = useRef<AbortController | null>(null);

  useEffect(() => () => controller.current?.abort(), []);

  const start = useCallback(async (file: File, send: Send): Promise<UploadOutcome> => {
    controller.current?.abort();
    const current = new AbortController();
    controller.current = current;
    const initial = { loaded: 0, total: file.size };
    setState({ phase: 'sending', progress: initial, fileName: file.name });
    announce(`Uploading ${file.name}`);
    let announcedChecking = false;
    try {
      const answer = await send({
        signal: current.signal,
        onProgress: (progress) => {
          if (current.signal.aborted) return;
          const complete = progress.total > 0 && progress.loaded >= progress.total;
          setState({ phase: complete ? 'checking' : 'sending', progress, fileName: file.name });
          if (complete && !announcedChecking) {
            announcedChecking = true;
            announce('Upload complete: 100%. Checking the file…');
          }
        },
      });
      // The `duplicate` flag belongs to this answer, not to the document.
      const document = { ...answer.body };
      delete document.duplicate;
      storeDocument(document);
      void refreshDocumentLists();
      return { kind: 'done', answer };
    } catch (error) {
      return isAbortError(error) ? { kind: 'cancelled' } : { kind: 'failed', error };
    } finally {
      if (controller.current === current) {
        controller.current = null;
        setState({ phase: 'idle' });
      }
    }
  }, []);

  const cancel = useCallback(() => {
    controller.current?.abort();
  }, []);

  return { state, start, cancel, busy: state.phase !== 'idle' };
}
