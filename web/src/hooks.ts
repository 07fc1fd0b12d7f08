import { useCallback, useEffect, useState } from 'react';
import { useI18n } from './i18n.ts';

export type Load<T> =
  | { readonly status: 'loading' }
  | { readonly status: 'error'; readonly error: unknown }
  | { readonly status: 'ready'; readonly data: T };

/** Loads data when `key` changes; `reload()` loads again, `set()` replaces what was loaded. */
export function useLoad<T>(key: string, load: () => Promise<T>): { state: Load<T>; reload: () => void; set: (data: T) => void } {
  const [state, setState] = useState<Load<T>>({ status: 'loading' });
  const [generation, setGeneration] = useState(0);
  useEffect(() => {
    let current = true;
    load().then(
      (data) => { if (current) setState({ status: 'ready', data }); },
      (error: unknown) => { if (current) setState({ status: 'error', error }); },
    );
    return () => { current = false; };
    // `load` is a new function on every render: the key says what is loaded.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, generation]);
  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  const set = useCallback((data: T) => setState({ status: 'ready', data }), []);
  return { state, reload, set };
}

/** Sets the document title to the page's name, in the chosen language. */
export function useDocumentTitle(page: string): void {
  const { t } = useI18n();
  useEffect(() => {
    document.title = t.pageTitle(page);
  }, [page, t]);
}
