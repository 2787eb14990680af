import { useT } from '../hooks';
import { Link } from '../router';

/** Pager moves through a connection with its cursor in the URL (`at(cursor)` builds the
 * address; the empty cursor is the first page); "back" is the browser's. */
export function Pager({
  at,
  after,
  pageInfo,
  shown,
  total,
}: {
  at: (after: string) => string;
  after: string;
  pageInfo: { hasNextPage: boolean; endCursor?: string | null };
  shown: number;
  total: number;
}) {
  const { tr } = useT();
  if (!after && !pageInfo.hasNextPage) return null;
  return (
    <nav className="pager" aria-label={tr('page')}>
      <span>{tr('showingOf', { shown, total })}</span>
      {after && <Link to={at('')}>{tr('firstPage')}</Link>}
      {pageInfo.hasNextPage && pageInfo.endCursor && (
        <Link to={at(pageInfo.endCursor)} rel="next">
          {tr('nextPage')} →
        </Link>
      )}
    </nav>
  );
}
