import { useT, useTitle } from '../hooks';
import { href } from '../lib/url';
import { Link } from '../router';

export function NotFound({ path }: { path: string }) {
  const { lang, tr } = useT();
  useTitle(tr('notFoundTitle'));
  return (
    <section>
      <h1>{tr('notFoundTitle')}</h1>
      <p>{tr('notFoundBody', { path })}</p>
      <p>
        <Link to={href('/', {}, lang)}>{tr('backToOverview')}</Link>
      </p>
    </section>
  );
}
