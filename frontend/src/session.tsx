// Who is signed in: the `me` query, shared by every page through a context. The session itself
// is an HttpOnly cookie this page never sees; the API decides every write, the UI only offers
// write actions where `me` says the API would allow them.

import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { graphql } from './gql';
import type { MeQuery } from './gql/graphql';
import { ApiError, SESSION_ENDED, clearQueryCache, gqlRequest, prefetched, signIn as apiSignIn, signOut as apiSignOut } from './api';

const MeDoc = graphql(`
  query Me {
    me {
      name
      role
      canWrite
      national
      via
      expiresAt
      agency {
        id
        code
        name
        nameEn
        level
      }
      editableAgencies {
        code
      }
    }
  }
`);

export type Me = NonNullable<MeQuery['me']>;

export interface SessionState {
  /** undefined while loading; null when anonymous. */
  me: Me | null | undefined;
  /** The session ended by itself (expiry, revocation) since the page loaded. */
  ended: boolean;
  signIn: (token: string) => Promise<void>;
  signOut: () => Promise<void>;
  reload: () => void;
  /** mayEdit says whether the API would let the caller write a component owned by owner
   * (an agency code; null: no owner, which only national callers may touch). */
  mayEdit: (owner: string | null | undefined) => boolean;
}

const Ctx = createContext<SessionState>({
  me: null,
  ended: false,
  signIn: () => Promise.reject(new Error('no session provider')),
  signOut: () => Promise.resolve(),
  reload: () => undefined,
  mayEdit: () => false,
});

export function SessionProvider({ children }: { children: ReactNode }) {
  const [me, setMe] = useState<Me | null | undefined>(undefined);
  const [ended, setEnded] = useState(false);
  const [nonce, setNonce] = useState(0);

  useEffect(() => {
    const ctl = new AbortController();
    // The first time, the request main.tsx started before the first render (prefetch.ts).
    const ahead = nonce === 0 ? prefetched(MeDoc, {}) : undefined;
    (ahead ?? gqlRequest(MeDoc, {}, ctl.signal)).then(
      (d) => {
        if (!ctl.signal.aborted) setMe(d.me ?? null);
      },
      (e: unknown) => {
        if (ctl.signal.aborted) return;
        if (e instanceof ApiError && e.code === 'UNAUTHENTICATED') setEnded(true);
        setMe(null);
      },
    );
    return () => ctl.abort();
  }, [nonce]);

  useEffect(() => {
    const onEnd = () => {
      clearQueryCache();
      setEnded(true);
      setMe(null);
    };
    window.addEventListener(SESSION_ENDED, onEnd);
    return () => window.removeEventListener(SESSION_ENDED, onEnd);
  }, []);

  const reload = useCallback(() => setNonce((n) => n + 1), []);
  const signIn = useCallback(
    async (token: string) => {
      await apiSignIn(token);
      setEnded(false);
      reload();
    },
    [reload],
  );
  const signOut = useCallback(async () => {
    await apiSignOut();
    setMe(null);
    setEnded(false);
  }, []);
  const mayEdit = useCallback(
    (owner: string | null | undefined) => {
      if (!me || !me.canWrite) return false;
      if (me.national) return true;
      if (!owner) return false;
      return me.editableAgencies.some((a) => a.code === owner);
    },
    [me],
  );
  const value = useMemo(() => ({ me, ended, signIn, signOut, reload, mayEdit }), [me, ended, signIn, signOut, reload, mayEdit]);
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

export function useSession(): SessionState {
  return useContext(Ctx);
}
