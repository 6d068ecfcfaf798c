import { useCallback, useEffect, useRef, useState } from 'react';
import type { SendOptions, SendProgress } from '../api/contact-request';

/**
 * One send at a time, with the progress of its body (shown when files go with it). A send
 * still running when the page goes is cancelled.
 */
export function useSend() {
  const [busy, setBusy] = useState(false);
  const [progress, setProgress] = useState<SendProgress | null>(null);
  const controller = useRef<AbortController | null>(null);

  useEffect(() => () => controller.current?.abort(), []);

  const run = useCallback(
    async <T>(send: (options: SendOptions) => Promise<T>, showProgress: boolean): Promise<T> => {
      controller.current?.abort();
      const current = new AbortController();
      controller.current = current;
      setBusy(true);
      if (showProgress) setProgress({ loaded: 0, total: 0 });
      try {
        return await send({
          signal: current.signal,
          onProgress: showProgress
            ? (next) => {
                if (!current.signal.aborted) setProgress(next);
              }
            : undefined,
        });
      } finally {
        if (controller.current === current) {
          controller.current = null;
          setBusy(false);
          setProgress(null);
        }
      }
    },
    [],
  );

  return { busy, progress, run };
}
