import { useDeferredValue, useEffect, useMemo } from 'react';
import { t, type Lang, type MsgKey, type Vars } from './lib/i18n';
import { langOf } from './lib/url';
import { useLocation } from './router';

/** useLang is the UI language, from ?lang= (Vietnamese unless lang=en). */
export function useLang(): Lang {
  return langOf(useLocation().search);
}

/** useT gives the translate function for the current language. The function is the same from one
 * render to the next (while the language is): what is memoised on it (a graph and its layout) is
 * not computed again on every render. */
export function useT(): { lang: Lang; tr: (key: MsgKey, vars?: Vars) => string } {
  const lang = useLang();
  return useMemo(() => ({ lang, tr: (key: MsgKey, vars?: Vars) => t(lang, key, vars) }), [lang]);
}

/** useAfterFirstPaint is false when the component first renders, then true in a render React
 * does in the background once the first one is on the screen (useDeferredValue's initial value):
 * for the parts of a page below its main content (a long table further down), so that the main
 * content is painted without waiting for them. */
export function useAfterFirstPaint(): boolean {
  return useDeferredValue(true, false);
}

/** useTitle sets the document title while the view is shown. */
export function useTitle(title: string) {
  useEffect(() => {
    document.title = `${title} · archgraph`;
  }, [title]);
}
