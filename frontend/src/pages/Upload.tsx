// The inventory upload: an agency's CSV is checked by the API without writing (every problem
// with its line and column, what each row would do), fixed and uploaded again, then applied
// in one transaction — the rules of `archgraph import csv`, the API deciding who may.

import { useId, useRef, useState, type ChangeEvent } from 'react';
import { graphql } from '../gql';
import type { UploadPreviewMutation } from '../gql/graphql';
import { ApiError, clearQueryCache, gqlRequest } from '../api';
import { ErrorBox } from '../components/Status';
import { useT, useTitle } from '../hooks';
import { downloadText } from '../lib/download';
import { te } from '../lib/editI18n';
import { href, componentHref } from '../lib/url';
import { Link, navigate, useLocation } from '../router';
import { useSession } from '../session';

const Preview = graphql(`
  mutation UploadPreview($agency: ID!, $csv: String!, $fileName: String) {
    previewInventory(agency: $agency, csv: $csv, fileName: $fileName) {
      agency
      ok
      moreProblems
      created
      updated
      unchanged
      problems {
        line
        column
        field
        message
      }
      rows {
        line
        code
        name
        action
        inferred {
          code
        }
        suggested {
          code
        }
        duplicates {
          shared {
            code
          }
        }
      }
    }
  }
`);

const Apply = graphql(`
  mutation UploadApply($agency: ID!, $csv: String!, $fileName: String) {
    importInventory(agency: $agency, csv: $csv, fileName: $fileName) {
      created
      updated
      unchanged
      communesRefreshing
    }
  }
`);

const Template = graphql(`
  query UploadTemplate($agency: ID!) {
    inventoryCsv(agency: $agency)
  }
`);

/** MAX_BYTES keeps a file within the API's request limit (1 MiB, with room for the query). */
export const MAX_BYTES = 1_000_000;

type PreviewData = UploadPreviewMutation['previewInventory'];
type Problem = PreviewData['problems'][number];

interface Loaded {
  name: string;
  text: string;
}

/** problemsOf reads importInventory's refusal (extensions.problems) as the dry run's problems. */
function problemsOf(e: ApiError): Problem[] | null {
  const list = e.extensions.problems;
  if (!Array.isArray(list)) return null;
  const out: Problem[] = [];
  for (const p of list as unknown[]) {
    if (typeof p !== 'object' || p === null) continue;
    const r = p as Record<string, unknown>;
    out.push({
      line: typeof r.line === 'number' ? r.line : 0,
      column: typeof r.column === 'number' ? r.column : null,
      field: typeof r.field === 'string' ? r.field : null,
      message: typeof r.message === 'string' ? r.message : '',
    });
  }
  return out;
}

function Problems({ problems, more }: { problems: readonly Problem[]; more: number }) {
  const { lang } = useT();
  return (
    <>
      <p className="notice bad" role="alert" data-testid="upload-problems-summary">
        {te(lang, 'uploadProblems', { n: problems.length + more })}
      </p>
      <div className="table-wrap">
        <table className="list" data-testid="upload-problems">
          <thead>
            <tr>
              <th scope="col">{te(lang, 'line')}</th>
              <th scope="col">{te(lang, 'column')}</th>
              <th scope="col">{te(lang, 'problem')}</th>
            </tr>
          </thead>
          <tbody>
            {problems.map((p, i) => (
              <tr key={i} data-line={p.line} data-field={p.field ?? ''}>
                <td>{p.line > 0 ? p.line : ''}</td>
                <td>
                  {p.column ?? ''}
                  {p.field ? (
                    <>
                      {' '}
                      (<code>{p.field}</code>)
                    </>
                  ) : null}
                </td>
                <td lang={lang === 'vi' ? 'en' : undefined}>{p.message}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

/** Upload is the page an agency keeps its inventory up to date with. */
export function Upload() {
  const { lang } = useT();
  const { search } = useLocation();
  const { me, mayEdit } = useSession();
  const fileId = useId();
  const agencyId = useId();
  const input = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<Loaded | null>(null);
  const [preview, setPreview] = useState<PreviewData | null>(null);
  const [applyProblems, setApplyProblems] = useState<Problem[] | null>(null);
  const [busy, setBusy] = useState<'check' | 'apply' | 'template' | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const [applied, setApplied] = useState<{ created: number; updated: number; unchanged: number; communesRefreshing: number } | null>(null);
  useTitle(te(lang, 'uploadTitle'));

  const agency = search.get('agency') ?? me?.agency?.code ?? '';
  if (me === undefined) return null;
  if (!me) {
    return (
      <p className="notice" data-testid="upload-signin">
        {te(lang, 'signInFirst')} <Link to={href('/signin', { next: href('/upload', { agency }, lang) }, lang)}>{te(lang, 'signIn')}</Link>
      </p>
    );
  }
  const choices = me.national ? [] : me.editableAgencies.map((a) => a.code);

  const reset = () => {
    setPreview(null);
    setApplyProblems(null);
    setError(null);
    setApplied(null);
  };

  const check = async (f: Loaded) => {
    reset();
    setBusy('check');
    try {
      const d = await gqlRequest(Preview, { agency, csv: f.text, fileName: f.name });
      setPreview(d.previewInventory);
    } catch (e) {
      setError(e instanceof ApiError ? e : new ApiError(String(e), 'CLIENT_ERROR', null));
    } finally {
      setBusy(null);
    }
  };

  const choose = async (e: ChangeEvent<HTMLInputElement>) => {
    const f = e.target.files?.[0];
    // Cleared, so that choosing the same (fixed) file again is a change too.
    e.target.value = '';
    if (!f) return;
    setFileError(null);
    if (f.size > MAX_BYTES) {
      setFile(null);
      reset();
      setFileError(te(lang, 'fileTooLarge', { max: MAX_BYTES }));
      return;
    }
    const loaded = { name: f.name, text: await f.text() };
    setFile(loaded);
    await check(loaded);
  };

  const apply = async () => {
    if (!file) return;
    setBusy('apply');
    setError(null);
    setApplyProblems(null);
    try {
      const d = await gqlRequest(Apply, { agency, csv: file.text, fileName: file.name });
      clearQueryCache();
      setApplied(d.importInventory);
      setPreview(null);
      setFile(null);
    } catch (e) {
      const err = e instanceof ApiError ? e : new ApiError(String(e), 'CLIENT_ERROR', null);
      const ps = problemsOf(err);
      if (ps) setApplyProblems(ps);
      else setError(err);
    } finally {
      setBusy(null);
    }
  };

  const template = async () => {
    setBusy('template');
    setError(null);
    try {
      const d = await gqlRequest(Template, { agency });
      downloadText(d.inventoryCsv, `${agency}-inventory.csv`);
    } catch (e) {
      setError(e instanceof ApiError ? e : new ApiError(String(e), 'CLIENT_ERROR', null));
    } finally {
      setBusy(null);
    }
  };

  const changes = preview ? preview.created + preview.updated : 0;
  return (
    <article className="detail upload">
      <p className="kicker">
        <Link to={href('/my-agency', { agency }, lang)}>{te(lang, 'myAgency')}</Link> · <code>{agency}</code>
      </p>
      <h1>{te(lang, 'uploadTitle')}</h1>
      <p>{te(lang, 'uploadIntro')}</p>
      {agency && !mayEdit(agency) && (
        <p className="notice bad" data-testid="upload-not-allowed">
          {te(lang, 'errForbidden', { detail: agency })}
        </p>
      )}
      <div className="form">
        {choices.length > 1 && (
          <div className="field">
            <label htmlFor={agencyId}>{te(lang, 'uploadAgency')}</label>
            <select
              id={agencyId}
              value={agency}
              onChange={(e) => {
                reset();
                setFile(null);
                navigate(href('/upload', { agency: e.target.value }, lang), { replace: true });
              }}
              data-testid="upload-agency"
            >
              {choices.map((c) => (
                <option key={c} value={c}>
                  {c}
                </option>
              ))}
            </select>
          </div>
        )}
        <p>
          <button type="button" onClick={() => void template()} disabled={busy !== null || !agency} data-testid="upload-template">
            {te(lang, 'uploadTemplate')}
          </button>
        </p>
        <div className="field">
          <label htmlFor={fileId}>{te(lang, 'uploadFile')}</label>
          <input
            id={fileId}
            ref={input}
            type="file"
            accept=".csv,text/csv"
            onChange={(e) => void choose(e)}
            disabled={busy !== null || !agency}
            aria-invalid={fileError ? true : undefined}
            aria-describedby={fileError ? `${fileId}-error` : undefined}
            data-testid="upload-file"
          />
          {file && (
            <p className="hint" data-testid="upload-file-name">
              <code>{file.name}</code>
            </p>
          )}
          {fileError && (
            <p id={`${fileId}-error`} className="field-error" role="alert">
              {fileError}
            </p>
          )}
        </div>
        {file && (
          <p>
            <button type="button" onClick={() => void check(file)} disabled={busy !== null} data-testid="upload-check">
              {busy === 'check' ? te(lang, 'uploadChecking') : te(lang, 'uploadCheck')}
            </button>
          </p>
        )}
      </div>
      {busy === 'check' && (
        <p className="status loading" role="status">
          {te(lang, 'uploadChecking')}
        </p>
      )}
      {error && <ErrorBox error={error} />}
      {applied && (
        <p className="notice ok" role="status" data-testid="upload-applied">
          {te(lang, 'uploadApplied', { created: applied.created, updated: applied.updated, unchanged: applied.unchanged })}{' '}
          <Link to={href('/my-agency', { agency }, lang)}>{te(lang, 'myAgency')}</Link>
        </p>
      )}
      {applied && applied.communesRefreshing > 0 && (
        <p className="notice" role="status" data-testid="upload-refreshing">
          {te(lang, 'uploadRefreshing', { n: applied.communesRefreshing })}
        </p>
      )}
      {applyProblems && <Problems problems={applyProblems} more={0} />}
      {preview && !preview.ok && <Problems problems={preview.problems} more={preview.moreProblems} />}
      {preview && preview.ok && (
        <section aria-labelledby="upload-preview-title" data-testid="upload-preview">
          <h2 id="upload-preview-title">{te(lang, 'uploadOk')}</h2>
          <p role="status" data-testid="upload-counts">
            {te(lang, 'uploadRows', { created: preview.created, updated: preview.updated, unchanged: preview.unchanged })}
          </p>
          <p>
            <button type="button" onClick={() => void apply()} disabled={busy !== null || changes === 0} data-testid="upload-apply">
              {busy === 'apply' ? te(lang, 'uploadApplying') : te(lang, 'uploadApply', { n: changes })}
            </button>
          </p>
          <div className="table-wrap">
            <table className="list" data-testid="upload-rows">
              <thead>
                <tr>
                  <th scope="col">{te(lang, 'line')}</th>
                  <th scope="col">{te(lang, 'fieldCode')}</th>
                  <th scope="col">{te(lang, 'fieldName')}</th>
                  <th scope="col">{te(lang, 'action')}</th>
                  <th scope="col">{te(lang, 'inferred')}</th>
                  <th scope="col">{te(lang, 'duplicates')}</th>
                </tr>
              </thead>
              <tbody>
                {preview.rows.map((r) => (
                  <tr key={r.code} data-action={r.action}>
                    <td>{r.line}</td>
                    <td>
                      {r.action === 'CREATE' ? (
                        <code>{r.code}</code>
                      ) : (
                        <Link to={componentHref(r.code, lang)}>
                          <code>{r.code}</code>
                        </Link>
                      )}
                    </td>
                    <td>{r.name}</td>
                    <td>{te(lang, r.action === 'CREATE' ? 'actionCREATE' : r.action === 'UPDATE' ? 'actionUPDATE' : 'actionUNCHANGED')}</td>
                    <td>{[...r.inferred, ...r.suggested].map((x) => x.code).join(', ')}</td>
                    <td className={r.duplicates.length > 0 ? 'warn' : undefined}>{r.duplicates.map((x) => x.shared.code).join(', ')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      )}
    </article>
  );
}
