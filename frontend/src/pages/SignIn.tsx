import { useState, type FormEvent } from 'react';
import { ApiError } from '../api';
import { useT, useTitle } from '../hooks';
import { te } from '../lib/editI18n';
import { href } from '../lib/url';
import { navigate, useLocation } from '../router';
import { useSession } from '../session';

/** SignIn exchanges an issued token for a session; the field is a password field that the
 * browser does not autocomplete, and the token is forgotten once sent. */
export function SignIn() {
  const { lang } = useT();
  const { search } = useLocation();
  const { signIn, ended } = useSession();
  const [token, setToken] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  useTitle(te(lang, 'signInTitle'));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await signIn(token.trim());
      setToken('');
      const next = search.get('next');
      navigate(next && next.startsWith('/') && !next.startsWith('//') ? next : href('/my-agency', {}, lang));
    } catch (err) {
      setError(err instanceof ApiError ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="signin">
      <h1>{te(lang, 'signInTitle')}</h1>
      {ended && (
        <p className="notice" role="status">
          {te(lang, 'sessionEnded')}
        </p>
      )}
      <p>{te(lang, 'signInIntro')}</p>
      <form onSubmit={(e) => void submit(e)} className="form">
        <div className="field">
          <label htmlFor="signin-token">{te(lang, 'tokenLabel')}</label>
          <input
            id="signin-token"
            type="password"
            autoComplete="off"
            spellCheck={false}
            required
            value={token}
            onChange={(e) => setToken(e.target.value)}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? 'signin-error' : undefined}
            data-testid="signin-token"
          />
          {error && (
            <p id="signin-error" className="field-error" role="alert">
              {error}
            </p>
          )}
        </div>
        <button type="submit" disabled={busy || token.trim() === ''} data-testid="signin-submit">
          {busy ? te(lang, 'signingIn') : te(lang, 'signInButton')}
        </button>
      </form>
    </section>
  );
}

/** SessionBadge is the header's corner: sign in, or who you are and sign out. */
export function SessionBadge() {
  const { lang } = useT();
  const { me, signOut } = useSession();
  const { full } = useLocation();
  if (me === undefined) return null;
  if (me === null) {
    return (
      <a
        className="session-badge signin-link"
        href={href('/signin', { next: full.startsWith('/signin') ? undefined : full }, lang)}
        onClick={(e) => {
          e.preventDefault();
          navigate(href('/signin', { next: full.startsWith('/signin') ? undefined : full }, lang));
        }}
        data-testid="signin-link"
      >
        {te(lang, 'signIn')}
      </a>
    );
  }
  const role = te(lang, me.role === 'admin' ? 'roleAdmin' : me.role === 'editor' ? 'roleEditor' : 'roleViewer');
  return (
    <div className="session-badge" data-testid="session-badge">
      <a
        href={href('/my-agency', {}, lang)}
        onClick={(e) => {
          e.preventDefault();
          navigate(href('/my-agency', {}, lang));
        }}
        title={
          me.expiresAt
            ? te(lang, 'sessionEnds', { at: new Date(me.expiresAt).toLocaleString(lang === 'vi' ? 'vi-VN' : 'en-GB') })
            : undefined
        }
      >
        <span data-testid="me-name">{me.name}</span>{' '}
        <span className="muted">
          ({role}, {me.agency ? me.agency.code : te(lang, 'national')})
        </span>
      </a>
      <button
        type="button"
        className="link-button"
        onClick={() => {
          void signOut().then(() => navigate(href('/', {}, lang)));
        }}
        data-testid="signout"
      >
        {te(lang, 'signOut')}
      </button>
    </div>
  );
}
