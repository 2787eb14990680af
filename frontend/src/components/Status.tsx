import type { ReactNode } from 'react';
import { ApiError } from '../api';
import { useT } from '../hooks';
import type { MsgKey } from '../lib/i18n';

export function Loading({ what }: { what?: string }) {
  const { tr } = useT();
  return (
    <p className="status loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" />
      {what ? tr('loadingWhat', { what }) : tr('loading')}
    </p>
  );
}

/** ErrorBox says what went wrong: the API's message and its code, and offers a retry. */
/** The page-language explanation of an error code (the API's own message is shown beside it). */
const CODE_MESSAGES: Partial<Record<string, MsgKey>> = {
  TIMEOUT: 'errTIMEOUT',
  RATE_LIMITED: 'errRATE_LIMITED',
  HTTP_429: 'errRATE_LIMITED',
  INTERNAL: 'errINTERNAL',
  NOT_FOUND: 'errNOT_FOUND',
  BAD_USER_INPUT: 'errBAD_USER_INPUT',
  FORBIDDEN: 'errFORBIDDEN',
  UNAUTHENTICATED: 'errFORBIDDEN',
  NETWORK_ERROR: 'errorNetwork',
};

export function ErrorBox({ error, onRetry, title }: { error: ApiError; onRetry?: () => void; title?: string }) {
  const { lang, tr } = useT();
  const explain = CODE_MESSAGES[error.code];
  return (
    <div className="status error" role="alert">
      <p className="error-title">
        <strong>{title ?? (error.code === 'NETWORK_ERROR' ? tr('errorNetwork') : tr('errorTitle'))}</strong>
      </p>
      {explain && <p className="error-explain">{tr(explain)}</p>}
      <p className="error-message">
        {/* The API speaks English: marked as such inside a Vietnamese page. */}
        <span lang={lang === 'vi' ? 'en' : undefined}>{error.message}</span>{' '}
        <span className="error-code">
          ({tr('errorCode')}: <code>{error.code}</code>
          {error.status !== null && error.status !== 200 ? `, HTTP ${error.status}` : ''})
        </span>
      </p>
      {error.details.some((d) => d !== error.message) && (
        <ul className="error-details">
          {[...new Set(error.details)]
            .filter((d) => d !== error.message)
            .map((d, i) => (
              <li key={i}>{d}</li>
            ))}
        </ul>
      )}
      {onRetry && (
        <button type="button" onClick={onRetry}>
          {tr('errorRetry')}
        </button>
      )}
    </div>
  );
}

/** Skeleton is the shape of what is coming (rows grey bars), no text that would flash; screen
 * readers hear "loading" once, from the status it carries. */
export function Skeleton({ rows = 3, what, className }: { rows?: number; what?: string; className?: string }) {
  const { tr } = useT();
  return (
    <div className={`skeleton-block ${className ?? ''}`} aria-busy="true" data-testid="skeleton">
      <span className="visually-hidden" role="status">
        {what ? tr('loadingWhat', { what }) : tr('loading')}
      </span>
      {Array.from({ length: rows }, (_, i) => (
        <div key={i} className="skeleton skeleton-row" aria-hidden="true" />
      ))}
    </div>
  );
}

/** QueryView shows loading and error states, and the children once there is data; skeleton
 * (when given) stands in for the content while it loads. */
export function QueryView<R>({
  state,
  what,
  skeleton,
  children,
}: {
  state: { data: R | undefined; error: ApiError | undefined; loading: boolean; reload: () => void };
  what?: string;
  skeleton?: ReactNode;
  children: (data: R) => ReactNode;
}) {
  if (state.error) return <ErrorBox error={state.error} onRetry={state.reload} />;
  if (state.data === undefined) return skeleton ? <>{skeleton}</> : <Loading what={what} />;
  return <>{children(state.data)}</>;
}
