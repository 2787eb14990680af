// The GraphQL client: typed documents in, typed data out, errors that say what happened
// (the API's message and its extensions.code), requests aborted with a signal.

import { useCallback, useEffect, useRef, useState } from 'react';
import type { TypedDocumentString } from './gql/graphql';

export const GRAPHQL_URL = '/graphql';
export const SESSION_URL = '/auth/session';

/** CLIENT_HEADER goes with every request: the server honours the session cookie only with it
 * (a page of another site cannot send it), which is what keeps the session safe from CSRF. */
export const CLIENT_HEADER = { 'x-archgraph-client': 'web' } as const;

/** SESSION_ENDED is dispatched on window when the API says the session is over (401). */
export const SESSION_ENDED = 'archgraph:session-ended';

/** ApiError is what a failed request turns into; code is the API's extensions.code, or
 * NETWORK_ERROR / HTTP_<status> / BAD_RESPONSE when the failure is not the API's word. */
export class ApiError extends Error {
  readonly code: string;
  readonly status: number | null;
  readonly details: readonly string[];
  /** The first error's extensions (field, revision, changedBy, … for the forms). */
  readonly extensions: Readonly<Record<string, unknown>>;
  constructor(
    message: string,
    code: string,
    status: number | null,
    details: readonly string[] = [],
    extensions: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.status = status;
    this.details = details;
    this.extensions = extensions;
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** parseResponse turns an HTTP status and body into data or an ApiError (pure, for tests). */
export function parseResponse<R>(status: number, text: string): R {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    const snippet = text.trim().slice(0, 200) || '(empty body)';
    throw new ApiError(`HTTP ${status}: ${snippet}`, `HTTP_${status}`, status);
  }
  if (isRecord(body) && Array.isArray(body.errors) && body.errors.length > 0) {
    const errs = body.errors.filter(isRecord);
    const first = errs[0];
    const ext = first && isRecord(first.extensions) ? first.extensions : {};
    const code = typeof ext.code === 'string' ? ext.code : 'GRAPHQL_ERROR';
    const message = first && typeof first.message === 'string' ? first.message : 'unknown error';
    const details = errs.slice(1).map((e) => (typeof e.message === 'string' ? e.message : ''));
    throw new ApiError(message, code, status, details, ext);
  }
  if (status < 200 || status >= 300) {
    throw new ApiError(`HTTP ${status}`, `HTTP_${status}`, status);
  }
  if (!isRecord(body) || !isRecord(body.data)) {
    throw new ApiError('the response has no data', 'BAD_RESPONSE', status);
  }
  return body.data as R;
}

export async function gqlRequest<R, V>(doc: TypedDocumentString<R, V>, variables: V, signal?: AbortSignal): Promise<R> {
  let res: Response;
  try {
    res = await fetch(GRAPHQL_URL, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/graphql-response+json, application/json',
        ...CLIENT_HEADER,
      },
      body: JSON.stringify({ query: doc.toString(), variables }),
      credentials: 'same-origin',
      signal,
    });
  } catch (e) {
    if (signal?.aborted) throw e;
    throw new ApiError(e instanceof Error ? e.message : String(e), 'NETWORK_ERROR', null);
  }
  if (res.status === 401) window.dispatchEvent(new Event(SESSION_ENDED));
  return parseResponse<R>(res.status, await res.text());
}

export interface SignedIn {
  name: string;
  role: string;
  agency?: string;
  expiresAt: string;
}

/** signIn exchanges a token for the session cookie (HttpOnly: this page never holds it). */
export async function signIn(token: string): Promise<SignedIn> {
  let res: Response;
  try {
    res = await fetch(SESSION_URL, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...CLIENT_HEADER },
      body: JSON.stringify({ token }),
      credentials: 'same-origin',
    });
  } catch (e) {
    throw new ApiError(e instanceof Error ? e.message : String(e), 'NETWORK_ERROR', null);
  }
  const text = await res.text();
  if (!res.ok) parseResponse<unknown>(res.status, text); // throws the server's error
  clearQueryCache();
  return JSON.parse(text) as SignedIn;
}

/** signOut ends the session on the server and drops the cookie. */
export async function signOut(): Promise<void> {
  const res = await fetch(SESSION_URL, { method: 'DELETE', headers: { ...CLIENT_HEADER }, credentials: 'same-origin' });
  clearQueryCache();
  if (!res.ok && res.status !== 204) parseResponse<unknown>(res.status, await res.text());
}

// A small cache, so that going back to a view shows it at once; entries live a minute.
const TTL_MS = 60_000;
const MAX_ENTRIES = 100;
const cache = new Map<string, { at: number; data: unknown }>();

/** clearQueryCache forgets every answer (who is asking has changed, or a write happened). */
export function clearQueryCache() {
  cache.clear();
}

function cacheGet(key: string): unknown {
  const e = cache.get(key);
  if (!e) return undefined;
  if (Date.now() - e.at > TTL_MS) {
    cache.delete(key);
    return undefined;
  }
  return e.data;
}

function cachePut(key: string, data: unknown) {
  cache.set(key, { at: Date.now(), data });
  while (cache.size > MAX_ENTRIES) {
    const oldest = cache.keys().next().value;
    if (oldest === undefined) break;
    cache.delete(oldest);
  }
}

// Requests started ahead of the component that shows them (prefetchQuery), by the same key as
// the cache: useQuery takes the running request over instead of sending its own.
const pending = new Map<string, Promise<unknown>>();

/** How long a prefetched request that failed waits for its page to take it over. */
const FAILED_PREFETCH_KEPT_MS = 10_000;

const queryKey = (doc: { toString(): string }, variables: unknown) => doc.toString() + '\n' + JSON.stringify(variables);

/** prefetchQuery starts a query that a component shown later will ask for (a part of the page
 * that waits for another answer before it renders): its useQuery then waits for this request.
 * It returns the answer (cached, running or new), for requests that must wait for this one. */
export function prefetchQuery<R, V>(doc: TypedDocumentString<R, V>, variables: V): Promise<R> {
  const ahead = prefetched(doc, variables);
  if (ahead) return ahead;
  const key = queryKey(doc, variables);
  const p = gqlRequest(doc, variables).then((data) => {
    cachePut(key, data);
    return data;
  });
  pending.set(key, p);
  // An answer is forgotten here once it is in the cache. A failure is useQuery's to show (and to
  // ask again after a TIMEOUT): it is kept a while for the page to take over, so that a request
  // that failed before the page rendered counts as the page's first try, not as no try at all
  // (the page then asked twice more instead of once).
  p.then(
    () => pending.delete(key),
    () => setTimeout(() => pending.get(key) === p && pending.delete(key), FAILED_PREFETCH_KEPT_MS),
  );
  return p;
}

/** prefetched is the answer of a query started by prefetchQuery (running or arrived within the
 * cache's lifetime), or undefined: for callers that ask with gqlRequest, not useQuery. */
export function prefetched<R, V>(doc: TypedDocumentString<R, V>, variables: V): Promise<R> | undefined {
  const key = queryKey(doc, variables);
  const data = cacheGet(key) as R | undefined;
  if (data !== undefined) return Promise.resolve(data);
  return pending.get(key) as Promise<R> | undefined;
}

export interface QueryState<R> {
  data: R | undefined;
  error: ApiError | undefined;
  loading: boolean;
  reload: () => void;
  /** How many times the query was asked again after a TIMEOUT (0: the first try is running). */
  retried: number;
}

export interface QueryOptions {
  /** Ask again this many times when the API answers TIMEOUT (a cold analysis: the second try
   * often finds it cached) or UNAVAILABLE (after a second). Default 0. */
  retryTimeouts?: number;
}

/** useQuery runs a query when its variables change (skip: not at all) and aborts the previous one. */
export function useQuery<R, V>(doc: TypedDocumentString<R, V>, variables: V, skip = false, opts: QueryOptions = {}): QueryState<R> {
  const key = queryKey(doc, variables);
  const retryTimeouts = opts.retryTimeouts ?? 0;
  const [state, setState] = useState<{ key: string; data?: R; error?: ApiError; retried?: number }>(() => ({
    key,
    data: cacheGet(key) as R | undefined,
  }));
  const [nonce, setNonce] = useState(0);
  const vars = useRef(variables);
  vars.current = variables;

  useEffect(() => {
    if (skip) return;
    const cached = nonce === 0 ? (cacheGet(key) as R | undefined) : undefined;
    if (cached !== undefined) {
      setState({ key, data: cached });
      return;
    }
    const ctl = new AbortController();
    setState((s) => (s.key === key ? { key } : { key }));
    const ahead = nonce === 0 ? (pending.get(key) as Promise<R> | undefined) : undefined;
    // Taken over once: if it fails, a later view of the same query asks afresh.
    if (ahead) void ahead.catch(() => pending.get(key) === ahead && pending.delete(key));
    const run = (attempt: number) =>
      (attempt === 0 && ahead ? ahead : gqlRequest(doc, vars.current, ctl.signal)).then(
        (data) => {
          cachePut(key, data);
          if (ctl.signal.aborted) return; // a prefetched answer that came after the view left
          setState({ key, data });
        },
        (err: unknown) => {
          if (ctl.signal.aborted) return;
          const e = err instanceof ApiError ? err : new ApiError(String(err), 'CLIENT_ERROR', null);
          // UNAVAILABLE: the server's probe of Neo4j failed a moment ago (it says so at once).
          if ((e.code === 'TIMEOUT' || e.code === 'UNAVAILABLE') && attempt < retryTimeouts) {
            setState({ key, retried: attempt + 1 });
            window.setTimeout(() => void run(attempt + 1), e.code === 'UNAVAILABLE' ? 1000 : 0);
            return;
          }
          setState({ key, error: e, retried: attempt });
        },
      );
    void run(0);
    return () => ctl.abort();
  }, [key, skip, nonce, doc, retryTimeouts]);

  const reload = useCallback(() => {
    cache.delete(key);
    setNonce((n) => n + 1);
  }, [key]);

  const current = state.key === key;
  return {
    data: current ? state.data : undefined,
    error: current ? state.error : undefined,
    loading: !skip && (!current || (state.data === undefined && state.error === undefined)),
    reload,
    retried: current ? (state.retried ?? 0) : 0,
  };
}
