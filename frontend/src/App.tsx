import { useEffect, useRef } from 'react';
import { useT } from './hooks';
import { href, matchRoute, withLang, type Route } from './lib/url';
import { Link, useLocation } from './router';
import { SearchBox } from './components/SearchBox';
import { Overview } from './pages/Overview';
import { Catalog } from './pages/Catalog';
import { ComponentPage } from './pages/ComponentPage';
import { AgencyPage } from './pages/AgencyPage';
import { ReferencePage } from './pages/ReferencePage';
import { NodePage } from './pages/NodePage';
import { Impact } from './pages/Impact';
import { Duplicates } from './pages/Duplicates';
import { Conformance } from './pages/Conformance';
import { Roadmap } from './pages/Roadmap';
import { NotFound } from './pages/NotFound';
import { SessionBadge, SignIn } from './pages/SignIn';
import { ComponentEdit } from './pages/ComponentEdit';
import { MyAgency } from './pages/MyAgency';
import { Upload } from './pages/Upload';
import { SessionProvider } from './session';
import type { MsgKey } from './lib/i18n';

const NAV: readonly { path: string; key: MsgKey; section: Route['name'][] }[] = [
  { path: '/', key: 'navOverview', section: ['overview'] },
  {
    path: '/catalog',
    key: 'navCatalog',
    section: ['catalog', 'component', 'agency', 'reference', 'node', 'editComponent', 'newComponent'],
  },
  { path: '/impact', key: 'navImpact', section: ['impact'] },
  { path: '/duplicates', key: 'navDuplicates', section: ['duplicates'] },
  { path: '/conformance', key: 'navConformance', section: ['conformance'] },
  { path: '/roadmap', key: 'navRoadmap', section: ['roadmap'] },
];

function Page({ route }: { route: Route }) {
  switch (route.name) {
    case 'overview':
      return <Overview />;
    case 'catalog':
      return <Catalog />;
    case 'component':
      return <ComponentPage code={route.code} />;
    case 'agency':
      return <AgencyPage code={route.code} />;
    case 'reference':
      return <ReferencePage code={route.code} />;
    case 'node':
      return <NodePage id={route.id} />;
    case 'impact':
      return <Impact />;
    case 'duplicates':
      return <Duplicates />;
    case 'conformance':
      return <Conformance />;
    case 'roadmap':
      return <Roadmap />;
    case 'signIn':
      return <SignIn />;
    case 'myAgency':
      return <MyAgency />;
    case 'upload':
      return <Upload />;
    case 'newComponent':
      return <ComponentEdit code={null} />;
    case 'editComponent':
      return <ComponentEdit key={route.code} code={route.code} />;
    case 'notFound':
      return <NotFound path={route.path} />;
  }
}

export function App() {
  const { pathname, full } = useLocation();
  const { lang, tr } = useT();
  const route = matchRoute(pathname);
  const main = useRef<HTMLElement>(null);
  const first = useRef(true);

  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);

  // A new page moves the focus to the main region (for keyboard and screen-reader users),
  // except on the first load.
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    main.current?.focus({ preventScroll: false });
    window.scrollTo(0, 0);
  }, [pathname]);

  const other = lang === 'vi' ? 'en' : 'vi';
  return (
    <SessionProvider>
      <a className="skip-link" href="#main">
        {tr('skipToContent')}
      </a>
      <header className="site-header">
        <div className="brand">
          <Link to={href('/', {}, lang)} className="brand-link">
            <img src="/favicon.svg" alt="" width="28" height="28" />
            <span>
              <strong>{tr('appName')}</strong>
              <span className="tagline">{tr('appTagline')}</span>
            </span>
          </Link>
        </div>
        <nav aria-label={lang === 'vi' ? 'Điều hướng chính' : 'Main navigation'}>
          <ul className="nav">
            {NAV.map((n) => (
              <li key={n.path}>
                <Link to={href(n.path, {}, lang)} aria-current={n.section.includes(route.name) ? 'page' : undefined}>
                  {tr(n.key)}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        <SearchBox />
        <Link
          to={withLang(full, other)}
          className="lang-toggle"
          hrefLang={other}
          lang={other}
          aria-label={tr('switchLanguageLabel')}
          data-testid="lang-toggle"
        >
          {tr('switchLanguage')}
        </Link>
        <SessionBadge />
      </header>
      <main id="main" ref={main} tabIndex={-1}>
        <Page route={route} />
      </main>
      <footer className="site-footer">
        <p>
          archgraph · <a href="/graphql">GraphQL API</a> · {tr('appTagline')}
        </p>
      </footer>
    </SessionProvider>
  );
}
