import type { ReactNode } from 'react';
import { graphql } from '../gql';
import { useQuery } from '../api';
import { QueryView } from '../components/Status';
import { useT, useTitle } from '../hooks';
import { te } from '../lib/editI18n';
import { enumLabel, formatPercent, nameOf } from '../lib/i18n';
import { agencyHref, componentHref, editHref, href } from '../lib/url';
import { Link, useLocation } from '../router';
import { useSession } from '../session';

const AgencyHome = graphql(`
  query MyAgency($code: String!) {
    agency(code: $code) {
      id
      code
      name
      nameEn
      level
      areaType
      province {
        code
      }
      owns(first: 100) {
        totalCount
        edges {
          node {
            id
            code
            name
            nameEn
            status
            kind
            layer {
              code
            }
          }
        }
      }
    }
  }
`);

const AgencyConformance = graphql(`
  query MyAgencyConformance($code: ID!) {
    conformance(agency: $code) {
      tally {
        applicable
        missing
        score
      }
      supplementary {
        applicable
        notDeployed
      }
      items {
        state
        reference {
          code
          name
          nameEn
          tier
        }
      }
    }
  }
`);

const Communes = graphql(`
  query MyAgencyCommunes($province: ID!) {
    conformanceSummary(province: $province) {
      children {
        agency {
          code
          name
          nameEn
          level
          areaType
        }
        tally {
          applicable
          missing
          score
        }
        supplementary {
          notDeployed
        }
      }
    }
  }
`);

const Findings = graphql(`
  query MyAgencyFindings($province: ID!) {
    duplicates(province: $province) {
      component {
        code
        name
        nameEn
        owner {
          code
        }
      }
      shared {
        code
      }
      basis
      confidence
      review
    }
  }
`);

const Violations = graphql(`
  query MyAgencyViolations($code: ID!) {
    ruleViolations(agency: $code) {
      ruleCode
      severity
      message
      messageEn
      component {
        code
      }
    }
  }
`);

const Audit = graphql(`
  query MyAgencyAudit($code: String!) {
    changes(actor: $code, first: 50) {
      id
      at
      actor
      operation
      entityCode
    }
  }
`);

function Section({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section aria-labelledby={`${id}-title`} data-testid={id}>
      <h2 id={`${id}-title`}>{title}</h2>
      {children}
    </section>
  );
}

/** MyAgency is the signed-in agency's home: what it owns, how it conforms, what to fix. */
export function MyAgency() {
  const { lang, tr } = useT();
  const { search } = useLocation();
  const { me, mayEdit } = useSession();
  const code = search.get('agency') ?? me?.agency?.code ?? '';
  useTitle(te(lang, 'myAgency'));
  const res = useQuery(AgencyHome, { code }, code === '');
  const level = res.data?.agency?.level;
  const province = res.data?.agency?.province?.code ?? '';
  const conf = useQuery(AgencyConformance, { code }, code === '' || (level !== 'COMMUNE' && level !== 'PROVINCE'));
  const communes = useQuery(Communes, { province: code }, level !== 'PROVINCE');
  const findings = useQuery(Findings, { province }, province === '');
  const violations = useQuery(Violations, { code }, code === '');
  const audit = useQuery(Audit, { code }, code === '' || !me);
  if (me === undefined) return null;
  if (!code) {
    return (
      <p className="notice" data-testid="my-agency-signin">
        {te(lang, 'signInFirst')} <Link to={href('/signin', { next: '/my-agency' }, lang)}>{te(lang, 'signIn')}</Link>
      </p>
    );
  }
  const retired = search.get('retired');
  return (
    <QueryView state={res}>
      {(d) => {
        const a = d.agency;
        if (!a) return <p className="notice bad">{tr('nodeNotFound', { what: tr('agency'), code })}</p>;
        const scope = new Set([a.code]);
        return (
          <article className="detail my-agency">
            <p className="kicker">
              {te(lang, 'myAgency')} · <code>{a.code}</code> · {enumLabel(lang, 'AgencyLevel', a.level)}
              {a.areaType ? ` · ${enumLabel(lang, 'AreaType', a.areaType)}` : ''}
            </p>
            <h1>{te(lang, 'myAgencyTitle', { name: nameOf(lang, a) })}</h1>
            {retired && (
              <p className="notice ok" role="status">
                {te(lang, 'retired', { code: retired })}
              </p>
            )}
            {me && (
              <p data-testid="my-scope">
                {!me.canWrite
                  ? te(lang, 'mayEditNothing')
                  : me.national
                    ? te(lang, 'mayEditEverything')
                    : te(lang, 'mayEditScope', { n: me.editableAgencies.length, agency: me.agency?.code ?? '' })}
              </p>
            )}
            <p className="actions">
              <Link className="button-link" to={agencyHref(a.code, lang)}>
                {a.code}
              </Link>{' '}
              {mayEdit(a.code) && (
                <>
                  <Link className="button-link" to={href('/new-component', { owner: a.code }, lang)} data-testid="add-component">
                    {te(lang, 'newComponent')}
                  </Link>{' '}
                  <Link className="button-link" to={href('/upload', { agency: a.code }, lang)} data-testid="upload-link">
                    {te(lang, 'uploadTitle')}
                  </Link>
                </>
              )}
            </p>
            <Section id="own-components" title={te(lang, 'ownComponents', { n: a.owns.totalCount ?? a.owns.edges.length })}>
              {a.owns.edges.length === 0 ? (
                <p className="muted">{te(lang, 'nothing')}</p>
              ) : (
                <div className="table-wrap">
                  <table className="list">
                    <thead>
                      <tr>
                        <th scope="col">{tr('code')}</th>
                        <th scope="col">{tr('name')}</th>
                        <th scope="col">{tr('layer')}</th>
                        <th scope="col">{tr('status')}</th>
                        <th scope="col">
                          <span className="visually-hidden">{te(lang, 'editComponent')}</span>
                        </th>
                      </tr>
                    </thead>
                    <tbody>
                      {a.owns.edges.map(({ node: c }) => (
                        <tr key={c.id}>
                          <td>
                            <Link to={componentHref(c.code, lang)}>
                              <code>{c.code}</code>
                            </Link>
                          </td>
                          <td>{nameOf(lang, c)}</td>
                          <td>{c.layer.code}</td>
                          <td>{enumLabel(lang, 'Status', c.status)}</td>
                          <td>
                            {mayEdit(a.code) && (
                              <Link to={editHref(c.code, lang)} aria-label={`${te(lang, 'editComponent')} ${c.code}`}>
                                {te(lang, 'editComponent')}
                              </Link>
                            )}
                          </td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              )}
            </Section>
            {(a.level === 'COMMUNE' || a.level === 'PROVINCE') && (
              <Section id="my-conformance" title={te(lang, 'conformanceTitle')}>
                <QueryView state={conf}>
                  {(c) => {
                    const missing = c.conformance.items.filter((i) => i.state === 'MISSING');
                    const optional = c.conformance.items.filter((i) => i.state === 'NOT_DEPLOYED');
                    return (
                      <>
                        <p data-testid="my-score">
                          {tr('score')}: <strong>{formatPercent(lang, c.conformance.tally.score)}</strong> · {te(lang, 'missingItems')}:{' '}
                          <strong data-testid="my-missing">{c.conformance.tally.missing}</strong> / {c.conformance.tally.applicable}
                        </p>
                        <h3>{te(lang, 'missingItems')}</h3>
                        {missing.length === 0 ? (
                          <p className="muted">{te(lang, 'nothing')}</p>
                        ) : (
                          <ul data-testid="missing-list">
                            {missing.map((i) => (
                              <li key={i.reference.code}>
                                <code>{i.reference.code}</code> {nameOf(lang, i.reference)}
                              </li>
                            ))}
                          </ul>
                        )}
                        {optional.length > 0 && (
                          <>
                            <h3>{te(lang, 'optionalItems')}</h3>
                            <ul>
                              {optional.map((i) => (
                                <li key={i.reference.code}>
                                  <code>{i.reference.code}</code> {nameOf(lang, i.reference)}
                                </li>
                              ))}
                            </ul>
                          </>
                        )}
                      </>
                    );
                  }}
                </QueryView>
              </Section>
            )}
            {a.level === 'PROVINCE' && (
              <Section
                id="my-communes"
                title={te(lang, 'communesAtAGlance', { n: communes.data?.conformanceSummary.children.length ?? 0 })}
              >
                <QueryView state={communes}>
                  {(s) => (
                    <div className="table-wrap">
                      <table className="list">
                        <thead>
                          <tr>
                            <th scope="col">{tr('code')}</th>
                            <th scope="col">{tr('name')}</th>
                            <th scope="col">{tr('areaType')}</th>
                            <th scope="col">{tr('score')}</th>
                            <th scope="col">{te(lang, 'missingItems')}</th>
                          </tr>
                        </thead>
                        <tbody>
                          {s.conformanceSummary.children
                            .filter((r) => r.agency && r.agency.code !== a.code)
                            .map((r) => (
                              <tr key={r.agency?.code} data-commune={r.agency?.code}>
                                <td>
                                  <Link to={href('/my-agency', { agency: r.agency?.code }, lang)}>
                                    <code>{r.agency?.code}</code>
                                  </Link>
                                </td>
                                <td>{r.agency ? nameOf(lang, r.agency) : ''}</td>
                                <td>{r.agency?.areaType ? enumLabel(lang, 'AreaType', r.agency.areaType) : ''}</td>
                                <td>{formatPercent(lang, r.tally.score)}</td>
                                <td className="missing-count">{r.tally.missing}</td>
                              </tr>
                            ))}
                        </tbody>
                      </table>
                    </div>
                  )}
                </QueryView>
              </Section>
            )}
            {province && (
              <Section id="my-duplicates" title={te(lang, 'duplicateFindings')}>
                <QueryView state={findings}>
                  {(f) => {
                    const rows = f.duplicates.filter(
                      (x) => x.component.owner && (scope.has(x.component.owner.code) || a.level === 'PROVINCE'),
                    );
                    return rows.length === 0 ? (
                      <p className="muted">{te(lang, 'nothing')}</p>
                    ) : (
                      <ul>
                        {rows.slice(0, 50).map((x) => (
                          <li key={`${x.component.code}-${x.shared.code}`}>
                            <Link to={componentHref(x.component.code, lang)}>
                              <code>{x.component.code}</code>
                            </Link>{' '}
                            {nameOf(lang, x.component)} → <code>{x.shared.code}</code> ({enumLabel(lang, 'DuplicateBasis', x.basis)},{' '}
                            {formatPercent(lang, x.confidence)})
                          </li>
                        ))}
                      </ul>
                    );
                  }}
                </QueryView>
              </Section>
            )}
            <Section id="my-violations" title={te(lang, 'ruleViolationsTitle')}>
              <QueryView state={violations}>
                {(v) =>
                  v.ruleViolations.length === 0 ? (
                    <p className="muted">{te(lang, 'nothing')}</p>
                  ) : (
                    <ul>
                      {v.ruleViolations.slice(0, 50).map((x, i) => (
                        <li key={i}>
                          <code>{x.ruleCode}</code> ({x.severity}) {x.component ? <code>{x.component.code}</code> : null}:{' '}
                          {lang === 'en' ? x.messageEn : x.message}
                        </li>
                      ))}
                    </ul>
                  )
                }
              </QueryView>
            </Section>
            {me && (
              <Section id="my-audit" title={te(lang, 'auditTrail')}>
                <QueryView state={audit}>
                  {(c) =>
                    c.changes.length === 0 ? (
                      <p className="muted">{te(lang, 'nothing')}</p>
                    ) : (
                      <div className="table-wrap">
                        <table className="list">
                          <thead>
                            <tr>
                              <th scope="col">{te(lang, 'at')}</th>
                              <th scope="col">{te(lang, 'who')}</th>
                              <th scope="col">{te(lang, 'operation')}</th>
                              <th scope="col">{te(lang, 'entity')}</th>
                            </tr>
                          </thead>
                          <tbody>
                            {c.changes.map((ch) => (
                              <tr key={ch.id}>
                                <td>
                                  <time dateTime={ch.at}>{new Date(ch.at).toLocaleString(lang === 'vi' ? 'vi-VN' : 'en-GB')}</time>
                                </td>
                                <td>{ch.actor}</td>
                                <td>{ch.operation}</td>
                                <td>
                                  <code>{ch.entityCode}</code>
                                </td>
                              </tr>
                            ))}
                          </tbody>
                        </table>
                      </div>
                    )
                  }
                </QueryView>
              </Section>
            )}
          </article>
        );
      }}
    </QueryView>
  );
}
