import { useEffect } from 'react';
import { t, type Lang, type MsgKey, type Vars } from './lib/i18n';
import { langOf } from './lib/url';
import { useLocation } from './router';

/** useLang is the UI language, from ?lang= (Vietnamese unless lang=en). */
export function useLang(): Lang {
  return langOf(useLocation().search);
}

/** useT gives the translate function for the current language. */
export function useT(): { lang: Lang; tr: (key: MsgKey, vars?: Vars) => string } {
  const lang = useLang();
  return { lang, tr: (key, vars) => t(lang, key, vars) };
}

/** useTitle sets the document title while the view is shown. */
export function useTitle(title: string) {
  useEffect(() => {
    document.title = `${title} · archgraph`;
  }, [title]);
}
