import { useCallback, useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { graphql } from '../gql';
import type { ComponentForEditQuery } from '../gql/graphql';
import { ApiError, clearQueryCache, gqlRequest, useQuery } from '../api';
import { Loading, ErrorBox } from '../components/Status';
import { NodePicker, type PickedNode } from '../components/NodePicker';
import { ChangeEffect, EffectPanel, usePreview } from '../components/ChangeEffect';
import type { ComponentChangeInput, CreateComponentInput } from '../gql/graphql';
import { useT, useTitle } from '../hooks';
import { te, type EditKey } from '../lib/editI18n';
import { enumLabel, nameOf, type Lang } from '../lib/i18n';
import { COMPONENT_KINDS, SCOPES, STATUSES } from '../lib/enums';
import {
  EMPTY,
  apiFieldError,
  changedFields,
  reapply,
  updateInput,
  validate,
  type Field,
  type FieldError,
  type FormValues,
} from '../lib/componentForm';
import { componentHref, href } from '../lib/url';
import { Link, navigate, useLocation } from '../router';
import { useSession } from '../session';

const ComponentForEdit = graphql(`
  query ComponentForEdit($code: String!) {
    component(code: $code) {
      id
      code
      name
      nameEn
      kind
      scope
      status
      dueYear
      exposesApi
      securityLevel
      restrictedData
      revision
      layer {
        code
      }
      owner {
        code
        name
        nameEn
      }
      dependsOn {
        id
        code
        name
        nameEn
      }
      realizes {
        id
        code
        name
        nameEn
      }
      provides {
        id
        code
        name
        nameEn
      }
      usedBy {
        id
        code
        name
        nameEn
      }
    }
  }
`);

const Layers = graphql(`
  query FormLayers {
    layers {
      code
      name
      nameEn
    }
  }
`);

const Create = graphql(`
  mutation CreateComponentForm($input: CreateComponentInput!) {
    createComponent(input: $input) {
      id
      code
      revision
    }
  }
`);

const Update = graphql(`
  mutation UpdateComponentForm($id: ID!, $input: UpdateComponentInput!, $revision: Int) {
    updateComponent(id: $id, input: $input, revision: $revision) {
      id
      revision
    }
  }
`);

const Retire = graphql(`
  mutation RetireComponentForm($id: ID!, $revision: Int) {
    deleteComponent(id: $id, revision: $revision)
  }
`);

const AddDep = graphql(`
  mutation FormAddDependency($from: ID!, $to: ID!) {
    addDependency(from: $from, to: $to) {
      id
    }
  }
`);
const RemoveDep = graphql(`
  mutation FormRemoveDependency($from: ID!, $to: ID!) {
    removeDependency(from: $from, to: $to) {
      id
    }
  }
`);
const AddReal = graphql(`
  mutation FormAddRealization($c: ID!, $r: ID!) {
    addRealization(component: $c, reference: $r) {
      id
    }
  }
`);
const RemoveReal = graphql(`
  mutation FormRemoveRealization($c: ID!, $r: ID!) {
    removeRealization(component: $c, reference: $r) {
      id
    }
  }
`);
const AddProv = graphql(`
  mutation FormAddProvision($c: ID!, $cap: ID!) {
    addProvision(component: $c, capability: $cap) {
      id
    }
  }
`);
const RemoveProv = graphql(`
  mutation FormRemoveProvision($c: ID!, $cap: ID!) {
    removeProvision(component: $c, capability: $cap) {
      id
    }
  }
`);
const AddUse = graphql(`
  mutation FormAddUse($a: ID!, $c: ID!) {
    addUse(agency: $a, component: $c) {
      id
    }
  }
`);
const RemoveUse = graphql(`
  mutation FormRemoveUse($a: ID!, $c: ID!) {
    removeUse(agency: $a, component: $c) {
      id
    }
  }
`);

type Loaded = NonNullable<ComponentForEditQuery['component']>;

function valuesOf(c: Loaded): FormValues {
  return {
    code: c.code,
    name: c.name,
    nameEn: c.nameEn,
    kind: c.kind,
    scope: c.scope,
    status: c.status,
    layer: c.layer.code,
    owner: c.owner?.code ?? '',
    dueYear: c.dueYear == null ? '' : String(c.dueYear),
    exposesApi: c.exposesApi,
    securityLevel: c.securityLevel == null ? '' : String(c.securityLevel),
    restrictedData: c.restrictedData,
  };
}

/** createInput is the createComponent input of valid form values. */
function createInput(values: FormValues): CreateComponentInput {
  return {
    code: values.code.trim(),
    name: values.name.trim(),
    nameEn: values.nameEn.trim(),
    kind: values.kind,
    scope: values.scope,
    status: values.status,
    layer: values.layer,
    owner: values.owner || null,
    dueYear: values.dueYear.trim() ? Number(values.dueYear) : null,
    exposesApi: values.exposesApi,
    securityLevel: values.securityLevel.trim() ? Number(values.securityLevel) : null,
    restrictedData: values.restrictedData,
  };
}

const LABELS: Record<Field, EditKey> = {
  code: 'fieldCode',
  name: 'fieldName',
  nameEn: 'fieldNameEn',
  kind: 'fieldKind',
  scope: 'fieldScope',
  status: 'fieldStatus',
  layer: 'fieldLayer',
  owner: 'fieldOwner',
  dueYear: 'fieldDueYear',
  exposesApi: 'fieldExposesApi',
  securityLevel: 'fieldSecurityLevel',
  restrictedData: 'fieldRestrictedData',
};

function errText(lang: Lang, e: FieldError): string {
  const msg = te(lang, e.key, { detail: e.detail ?? '' });
  // The API's own words, when they add to ours (they are in English).
  return e.detail && !msg.includes(e.detail) ? `${msg} (${e.detail})` : msg;
}

/** Row of the form: a label, the control, the hint and the error of the field, linked for screen readers. */
function Row({
  field,
  lang,
  error,
  hint,
  children,
}: {
  field: Field;
  lang: Lang;
  error?: FieldError;
  hint?: string;
  children: (props: { id: string; 'aria-invalid'?: boolean; 'aria-describedby'?: string }) => ReactNode;
}) {
  const id = `f-${field}`;
  const described = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div className="field" data-field={field}>
      <label htmlFor={id}>{te(lang, LABELS[field])}</label>
      {children({ id, 'aria-invalid': error ? true : undefined, 'aria-describedby': described })}
      {hint && (
        <p className="hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      {error && (
        <p className="field-error" id={`${id}-error`} data-testid={`error-${field}`}>
          {errText(lang, error)}
        </p>
      )}
    </div>
  );
}

interface Conflict {
  who: string;
  at: string;
  fields: string;
  rev: number;
  yours: number;
}

/** ComponentEdit creates (code null) or edits a component, with its relationships. */
export function ComponentEdit({ code }: { code: string | null }) {
  const { lang } = useT();
  const { search } = useLocation();
  const { me, mayEdit } = useSession();
  const create = code === null;
  useTitle(create ? te(lang, 'newComponent') : `${te(lang, 'editComponent')} ${code}`);
  const layers = useQuery(Layers, {});
  const [loaded, setLoaded] = useState<Loaded | null | undefined>(create ? null : undefined);
  const [loadError, setLoadError] = useState<ApiError | null>(null);
  const [base, setBase] = useState<FormValues>(() => ({ ...EMPTY, owner: search.get('owner') ?? '' }));
  const [values, setValues] = useState<FormValues>(base);
  const [errors, setErrors] = useState<Partial<Record<Field, FieldError>>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [conflict, setConflict] = useState<Conflict | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [confirmRetire, setConfirmRetire] = useState(false);
  const [willDepend, setWillDepend] = useState<PickedNode[]>([]);
  const [willRealize, setWillRealize] = useState<PickedNode[]>([]);
  const errorSummary = useRef<HTMLDivElement>(null);

  const load = useCallback(async (): Promise<Loaded | null> => {
    if (code === null) return null;
    const d = await gqlRequest(ComponentForEdit, { code });
    return d.component ?? null;
  }, [code]);

  useEffect(() => {
    if (create) return;
    let live = true;
    load().then(
      (c) => {
        if (!live) return;
        setLoaded(c);
        if (c) {
          const v = valuesOf(c);
          setBase(v);
          setValues(v);
        }
      },
      (e: unknown) => live && setLoadError(e instanceof ApiError ? e : new ApiError(String(e), 'CLIENT_ERROR', null)),
    );
    return () => {
      live = false;
    };
  }, [create, load]);

  // A new component's owner defaults to the editor's agency.
  useEffect(() => {
    if (create && me?.agency && !values.owner) setValues((v) => ({ ...v, owner: me.agency?.code ?? '' }));
  }, [create, me, values.owner]);

  if (loadError) return <ErrorBox error={loadError} />;
  if (loaded === undefined || me === undefined) return <Loading />;
  if (!create && loaded === null) return <ErrorBox error={new ApiError(`${code}: not found`, 'NOT_FOUND', null)} />;
  const owner = create ? values.owner : (loaded?.owner?.code ?? null);
  const allowed = create ? Boolean(me?.canWrite) : mayEdit(owner);

  // The save the effect panel previews: none while the form has errors or (an edit) no change.
  let change: ComponentChangeInput | null = null;
  if (allowed && !busy && Object.keys(validate(values, create)).length === 0) {
    if (create) {
      change = { create: createInput(values), dependsOn: willDepend.map((n) => n.id), realizes: willRealize.map((n) => n.id) };
    } else if (loaded && changedFields(base, values).length > 0) {
      change = { id: loaded.id, update: updateInput(base, values), revision: loaded.revision };
    }
  }

  const set = <F extends Field>(f: F, v: FormValues[F]) => {
    setValues((old) => ({ ...old, [f]: v }));
    setErrors((e) => ({ ...e, [f]: undefined }));
  };

  const showErrors = (e: Partial<Record<Field, FieldError>>) => {
    setErrors(e);
    const first = Object.keys(e)[0];
    if (first) document.getElementById(`f-${first}`)?.focus();
  };

  const fail = (err: unknown) => {
    const e = err instanceof ApiError ? err : new ApiError(String(err), 'CLIENT_ERROR', null);
    if (e.code === 'CONFLICT' && !create) {
      const fields = Array.isArray(e.extensions.fields) ? (e.extensions.fields as string[]).join(', ') : '';
      const at =
        typeof e.extensions.changedAt === 'string'
          ? new Date(e.extensions.changedAt).toLocaleString(lang === 'vi' ? 'vi-VN' : 'en-GB')
          : '';
      setConflict({
        who: typeof e.extensions.changedBy === 'string' ? e.extensions.changedBy : '?',
        at,
        fields: fields || '—',
        rev: Number(e.extensions.revision ?? 0),
        yours: Number(e.extensions.yourRevision ?? 0),
      });
      return;
    }
    const placed = apiFieldError(e.code, e.message, e.extensions, create);
    if (placed) {
      showErrors({ [placed.field]: placed.error });
      return;
    }
    setFormError(e.code === 'FORBIDDEN' ? te(lang, 'errForbidden', { detail: e.message }) : `${e.message} (${e.code})`);
    errorSummary.current?.focus();
  };

  const submit = async (ev: FormEvent) => {
    ev.preventDefault();
    setFormError(null);
    setNotice(null);
    const found = validate(values, create);
    if (Object.keys(found).length > 0) {
      showErrors(found);
      return;
    }
    setBusy(true);
    try {
      if (create) {
        const d = await gqlRequest(Create, { input: createInput(values) });
        // The relationships chosen with it, as the effect above was computed.
        for (const n of willDepend) await gqlRequest(AddDep, { from: d.createComponent.id, to: n.id });
        for (const n of willRealize) await gqlRequest(AddReal, { c: d.createComponent.id, r: n.id });
        clearQueryCache();
        navigate(href(`/component/${encodeURIComponent(d.createComponent.code)}/edit`, { created: '1' }, lang));
        return;
      }
      if (!loaded) return;
      const input = updateInput(base, values);
      if (Object.keys(input).length === 0) {
        setNotice(te(lang, 'saved'));
        return;
      }
      await gqlRequest(Update, { id: loaded.id, input, revision: loaded.revision });
      clearQueryCache();
      const fresh = await load();
      setLoaded(fresh);
      if (fresh) {
        setBase(valuesOf(fresh));
        setValues(valuesOf(fresh));
      }
      setConflict(null);
      setNotice(te(lang, 'saved'));
    } catch (err) {
      fail(err);
    } finally {
      setBusy(false);
    }
  };

  const reload = async () => {
    const fresh = await load();
    setLoaded(fresh);
    if (!fresh) return;
    const fv = valuesOf(fresh);
    setValues(reapply(base, values, fv));
    setBase(fv);
    setConflict(null);
    setNotice(te(lang, 'conflictReapplied'));
  };

  const retire = async () => {
    if (!loaded) return;
    setBusy(true);
    try {
      await gqlRequest(Retire, { id: loaded.id, revision: loaded.revision });
      clearQueryCache();
      navigate(href('/my-agency', { retired: loaded.code }, lang));
    } catch (err) {
      setConfirmRetire(false);
      fail(err);
    } finally {
      setBusy(false);
    }
  };

  const refreshRelations = async () => {
    clearQueryCache();
    const fresh = await load();
    setLoaded(fresh);
  };

  const text = (
    f: 'code' | 'name' | 'nameEn' | 'owner' | 'dueYear' | 'securityLevel',
    hint?: string,
    extra: Record<string, unknown> = {},
  ) => (
    <Row field={f} lang={lang} error={errors[f]} hint={hint}>
      {(p) => (
        <input
          {...p}
          {...extra}
          type="text"
          value={values[f]}
          onChange={(e) => set(f, e.target.value)}
          disabled={busy || !allowed}
          data-testid={`input-${f}`}
        />
      )}
    </Row>
  );

  const select = <F extends 'kind' | 'scope' | 'status'>(f: F, options: readonly FormValues[F][], enumName: string) => (
    <Row field={f} lang={lang} error={errors[f]}>
      {(p) => (
        <select
          {...p}
          value={values[f]}
          onChange={(e) => set(f, e.target.value as FormValues[F])}
          disabled={busy || !allowed}
          data-testid={`input-${f}`}
        >
          {options.map((o) => (
            <option key={o} value={o}>
              {enumLabel(lang, enumName, o)}
            </option>
          ))}
        </select>
      )}
    </Row>
  );

  return (
    <article className="detail component-edit">
      <p className="kicker">
        {create ? te(lang, 'newComponent') : te(lang, 'editComponent')}
        {loaded && (
          <>
            {' '}
            · <code>{loaded.code}</code> · <span data-testid="revision">{te(lang, 'revision', { rev: loaded.revision })}</span>
          </>
        )}
      </p>
      <h1>{loaded ? nameOf(lang, loaded) : te(lang, 'newComponent')}</h1>
      {loaded && (
        <p>
          <Link to={componentHref(loaded.code, lang)}>{loaded.code}</Link>
        </p>
      )}
      {!allowed && (
        <p className="notice bad" role="alert" data-testid="not-allowed">
          {me ? te(lang, 'errForbidden', { detail: owner ?? '—' }) : te(lang, 'signInFirst')}
        </p>
      )}
      {search.get('created') && !notice && (
        <p className="notice ok" role="status">
          {te(lang, 'created', { code: code ?? '' })}
        </p>
      )}
      {notice && (
        <p className="notice ok" role="status" data-testid="form-notice">
          {notice}
        </p>
      )}
      {conflict && (
        <div className="notice bad" role="alert" data-testid="conflict">
          <p>
            <strong>{te(lang, 'conflictTitle')}</strong>
          </p>
          <p>
            {te(lang, 'conflictBody', {
              who: conflict.who,
              at: conflict.at,
              fields: conflict.fields,
              rev: conflict.rev,
              yours: conflict.yours,
            })}
          </p>
          <button type="button" onClick={() => void reload()} data-testid="conflict-reload">
            {te(lang, 'conflictReload')}
          </button>
        </div>
      )}
      <div ref={errorSummary} tabIndex={-1}>
        {formError && (
          <p className="notice bad" role="alert" data-testid="form-error">
            {formError}
          </p>
        )}
      </div>
      <form
        className="form"
        onSubmit={(e) => void submit(e)}
        noValidate
        aria-label={create ? te(lang, 'newComponent') : te(lang, 'editComponent')}
      >
        {create && text('code', te(lang, 'fieldCodeHint'), { spellCheck: false, autoCapitalize: 'characters' })}
        {text('name')}
        {text('nameEn')}
        {select('kind', COMPONENT_KINDS, 'ComponentKind')}
        {select('scope', SCOPES, 'Scope')}
        {select('status', STATUSES, 'Status')}
        <Row field="layer" lang={lang} error={errors.layer}>
          {(p) => (
            <select
              {...p}
              value={values.layer}
              onChange={(e) => set('layer', e.target.value)}
              disabled={busy || !allowed}
              data-testid="input-layer"
            >
              {(layers.data?.layers ?? [{ code: values.layer, name: values.layer, nameEn: values.layer }]).map((l) => (
                <option key={l.code} value={l.code}>
                  {l.code} · {nameOf(lang, l)}
                </option>
              ))}
            </select>
          )}
        </Row>
        {create && me && !me.national && (
          <Row field="owner" lang={lang} error={errors.owner}>
            {(p) => (
              <select {...p} value={values.owner} onChange={(e) => set('owner', e.target.value)} disabled={busy} data-testid="input-owner">
                {me.editableAgencies.map((a) => (
                  <option key={a.code} value={a.code}>
                    {a.code}
                  </option>
                ))}
              </select>
            )}
          </Row>
        )}
        {create && me?.national && text('owner')}
        {text('dueYear', undefined, { inputMode: 'numeric' })}
        {text('securityLevel', undefined, { inputMode: 'numeric' })}
        <div className="field">
          <label>
            <input
              type="checkbox"
              checked={values.exposesApi}
              onChange={(e) => set('exposesApi', e.target.checked)}
              disabled={busy || !allowed}
            />{' '}
            {te(lang, 'fieldExposesApi')}
          </label>
          <label>
            <input
              type="checkbox"
              checked={values.restrictedData}
              onChange={(e) => set('restrictedData', e.target.checked)}
              disabled={busy || !allowed}
            />{' '}
            {te(lang, 'fieldRestrictedData')}
          </label>
        </div>
        {create && allowed && (
          <>
            <Pending
              lang={lang}
              title={te(lang, 'willDependOn')}
              testId="will-depend"
              nodeLabel="Component"
              pickKey="pickComponent"
              items={willDepend}
              setItems={setWillDepend}
              exclude={values.code.trim()}
            />
            <Pending
              lang={lang}
              title={te(lang, 'willRealize')}
              testId="will-realize"
              nodeLabel="ReferenceComponent"
              pickKey="pickReference"
              items={willRealize}
              setItems={setWillRealize}
              exclude=""
            />
          </>
        )}
        <ChangeEffect lang={lang} change={change} />
        {allowed && (
          <div className="form-actions">
            <button type="submit" disabled={busy} data-testid="save">
              {busy ? te(lang, 'saving') : te(lang, 'save')}
            </button>
            {!create && changedFields(base, values).length > 0 && (
              <button type="button" onClick={() => setValues(base)} disabled={busy}>
                {te(lang, 'cancel')}
              </button>
            )}
            {!create && !confirmRetire && (
              <button type="button" className="danger" onClick={() => setConfirmRetire(true)} disabled={busy} data-testid="retire">
                {te(lang, 'retireComponent')}
              </button>
            )}
          </div>
        )}
        {confirmRetire && loaded && (
          <div className="notice bad" role="alertdialog" aria-labelledby="retire-q">
            <p id="retire-q">{te(lang, 'retireConfirm', { code: loaded.code })}</p>
            <ChangeEffect lang={lang} change={{ id: loaded.id, retire: true, revision: loaded.revision }} retire />
            <div className="form-actions">
              <button type="button" onClick={() => void retire()} disabled={busy} data-testid="retire-confirm" autoFocus>
                {te(lang, 'retireComponent')} {loaded.code}
              </button>
              <button type="button" onClick={() => setConfirmRetire(false)}>
                {te(lang, 'cancel')}
              </button>
            </div>
          </div>
        )}
      </form>
      {loaded && allowed && <Relations c={loaded} lang={lang} onChange={refreshRelations} />}
    </article>
  );
}

type Section = 'depends' | 'realizes' | 'provides' | 'usedby';

/** A relationship change picked on the edit page, waiting for the user's confirmation. */
interface Proposed {
  section: Section;
  add: boolean;
  node: PickedNode;
}

/** changeOf is the previewComponentChange input of a proposed relationship change. */
function changeOf(id: string, p: Proposed): ComponentChangeInput {
  const field = {
    depends: p.add ? 'dependsOn' : 'removeDependsOn',
    realizes: p.add ? 'realizes' : 'removeRealizes',
    provides: p.add ? 'provides' : 'removeProvides',
    usedby: p.add ? 'usedBy' : 'removeUsedBy',
  }[p.section] as keyof ComponentChangeInput;
  return { id, [field]: [p.node.id] };
}

const PROPOSE_KEYS: Record<Section, [EditKey, EditKey]> = {
  depends: ['proposeAddDependency', 'proposeRemoveDependency'],
  realizes: ['proposeAddRealization', 'proposeRemoveRealization'],
  provides: ['proposeAddProvision', 'proposeRemoveProvision'],
  usedby: ['proposeAddUse', 'proposeRemoveUse'],
};

/**
 * Relations adds and removes what the component depends on, realizes, provides and who uses it.
 * A picked or removed relationship is not applied at once: its effect, computed by the server
 * (previewComponentChange), is shown first, with Apply and Cancel.
 */
function Relations({ c, lang, onChange }: { c: Loaded; lang: Lang; onChange: () => Promise<void> }) {
  const [busy, setBusy] = useState(false);
  const [proposed, setProposed] = useState<Proposed | null>(null);
  const [error, setError] = useState<{ section: Section; text: string } | null>(null);
  const [done, setDone] = useState<{ section: Section; text: string } | null>(null);
  const change = proposed ? changeOf(c.id, proposed) : null;
  const effect = usePreview(change);
  const applyButton = useRef<HTMLButtonElement>(null);
  const ready = proposed !== null && (effect.kind === 'done' || effect.kind === 'failed');
  // Once the effect is known, Apply takes the focus (as a dialog's default button would).
  useEffect(() => {
    if (ready) applyButton.current?.focus();
  }, [ready]);
  const propose = (p: Proposed) => {
    setError(null);
    setDone(null);
    setProposed(p);
  };
  const apply = async () => {
    if (!proposed) return;
    const { section, add, node: n } = proposed;
    setBusy(true);
    try {
      const dep = { from: c.id, to: n.id };
      const real = { c: c.id, r: n.id };
      const prov = { c: c.id, cap: n.id };
      const use = { a: n.id, c: c.id };
      const run: Record<Section, () => Promise<unknown>> = {
        depends: () => (add ? gqlRequest(AddDep, dep) : gqlRequest(RemoveDep, dep)),
        realizes: () => (add ? gqlRequest(AddReal, real) : gqlRequest(RemoveReal, real)),
        provides: () => (add ? gqlRequest(AddProv, prov) : gqlRequest(RemoveProv, prov)),
        usedby: () => (add ? gqlRequest(AddUse, use) : gqlRequest(RemoveUse, use)),
      };
      await run[section]();
      setProposed(null);
      await onChange();
      setDone({ section, text: te(lang, add ? 'relationAdded' : 'relationRemoved', { what: n.code }) });
    } catch (err) {
      const e = err instanceof ApiError ? err : new ApiError(String(err), 'CLIENT_ERROR', null);
      setError({
        section,
        text:
          e.code === 'FORBIDDEN'
            ? te(lang, 'errForbidden', { detail: e.message })
            : te(lang, 'errRelation', { detail: `${e.message} (${e.code})` }),
      });
    } finally {
      setBusy(false);
    }
  };
  const confirm = (section: Section) => {
    if (!proposed || proposed.section !== section) return null;
    const [addKey, removeKey] = PROPOSE_KEYS[section];
    const question = te(lang, proposed.add ? addKey : removeKey, { code: c.code, what: proposed.node.code });
    return (
      <div className="notice proposal" role="group" aria-labelledby={`propose-${section}`} data-testid={`propose-${section}`}>
        <p id={`propose-${section}`}>
          <strong>{question}</strong>
        </p>
        <EffectPanel lang={lang} state={effect} title={te(lang, 'effectApplyTitle')} level={4} />
        <div className="form-actions">
          <button
            type="button"
            ref={applyButton}
            onClick={() => void apply()}
            disabled={busy || !ready}
            data-testid={`propose-${section}-apply`}
          >
            {busy ? te(lang, 'saving') : te(lang, 'apply')}
          </button>
          <button type="button" onClick={() => setProposed(null)} disabled={busy} data-testid={`propose-${section}-cancel`}>
            {te(lang, 'cancel')}
          </button>
        </div>
      </div>
    );
  };
  const section = (
    key: EditKey,
    testId: Section,
    items: readonly PickedNode[],
    nodeLabel: 'Component' | 'Agency' | 'ReferenceComponent' | 'Capability',
    pickKey: EditKey,
  ) => (
    <section aria-labelledby={`rel-${testId}`} data-testid={`rel-${testId}`}>
      <h3 id={`rel-${testId}`}>
        {te(lang, key)} ({items.length})
      </h3>
      {items.length === 0 ? (
        <p className="muted">{te(lang, 'nothing')}</p>
      ) : (
        <ul className="relation-list">
          {items.map((n) => (
            <li key={n.code}>
              <code>{n.code}</code> {nameOf(lang, n)}
              <button
                type="button"
                disabled={busy}
                onClick={() => propose({ section: testId, add: false, node: n })}
                aria-label={te(lang, 'removeWhat', { what: n.code })}
                data-testid={`remove-${testId}-${n.code}`}
              >
                {te(lang, 'remove')}
              </button>
            </li>
          ))}
        </ul>
      )}
      <NodePicker
        label={te(lang, pickKey)}
        nodeLabel={nodeLabel}
        exclude={[...items.map((i) => i.code), c.code]}
        onPick={(n) => propose({ section: testId, add: true, node: n })}
        testId={`pick-${testId}`}
        disabled={busy}
      />
      {confirm(testId)}
      {error?.section === testId && (
        <p className="field-error" role="alert" data-testid={`rel-error-${testId}`}>
          {error.text}
        </p>
      )}
      {done?.section === testId && (
        <p className="notice ok" role="status" data-testid={`rel-done-${testId}`}>
          {done.text}
        </p>
      )}
    </section>
  );
  return (
    <section className="relations" aria-labelledby="relations-title">
      <h2 id="relations-title">{te(lang, 'relations')}</h2>
      {section('dependsOn', 'depends', c.dependsOn, 'Component', 'pickComponent')}
      {section('realizes', 'realizes', c.realizes, 'ReferenceComponent', 'pickReference')}
      {section('provides', 'provides', c.provides, 'Capability', 'pickCapability')}
      {section('usedBy', 'usedby', c.usedBy, 'Agency', 'pickAgency')}
    </section>
  );
}

/** Pending lists relationships a new component will get once saved (the effect counts them). */
function Pending({
  lang,
  title,
  testId,
  nodeLabel,
  pickKey,
  items,
  setItems,
  exclude,
}: {
  lang: Lang;
  title: string;
  testId: string;
  nodeLabel: 'Component' | 'ReferenceComponent';
  pickKey: EditKey;
  items: readonly PickedNode[];
  setItems: (f: (old: PickedNode[]) => PickedNode[]) => void;
  exclude: string;
}) {
  return (
    <fieldset className="pending" data-testid={testId}>
      <legend>
        {title} ({items.length})
      </legend>
      {items.length > 0 && (
        <ul className="relation-list">
          {items.map((n) => (
            <li key={n.code}>
              <code>{n.code}</code> {nameOf(lang, n)}
              <button
                type="button"
                onClick={() => setItems((old) => old.filter((x) => x.code !== n.code))}
                aria-label={te(lang, 'removeWhat', { what: n.code })}
              >
                {te(lang, 'remove')}
              </button>
            </li>
          ))}
        </ul>
      )}
      <NodePicker
        label={te(lang, pickKey)}
        nodeLabel={nodeLabel}
        exclude={[...items.map((i) => i.code), exclude]}
        onPick={(n) => setItems((old) => [...old, n])}
        testId={`pick-${testId}`}
      />
    </fieldset>
  );
}
