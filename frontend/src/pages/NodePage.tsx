import { graphql } from '../gql';
import { ApiError, useQuery } from '../api';
import { ErrorBox, QueryView } from '../components/Status';
import { Facts, LayerChip } from '../components/Bits';
import { useT, useTitle } from '../hooks';
import { enumLabel, formatNumber, nameOf } from '../lib/i18n';
import { catalogHref, componentHref, nodeHref, referenceHref } from '../lib/url';
import { Link } from '../router';

const NodeQuery = graphql(`
  query NodeDetail($id: ID!) {
    node(id: $id) {
      __typename
      id
      code
      name
      nameEn
      ... on Layer {
        number
        componentCount
        groups {
          id
          code
          name
          nameEn
          componentCount
        }
      }
      ... on ComponentGroup {
        ascii
        kind
        source
        componentCount
        layer {
          id
          code
          name
          nameEn
        }
        framework {
          id
          name
          nameEn
        }
        referenceComponents {
          id
          code
          name
          nameEn
          tier
          areaType
        }
      }
      ... on Capability {
        source
        nationalProviders {
          id
          code
          name
          nameEn
        }
        sanctionedBy {
          id
          code
          name
          nameEn
        }
      }
      ... on Rule {
        text
        textEn
        check
        source
      }
      ... on Framework {
        level
        status
        version
        issued
        document
        source
        conformsTo {
          id
          name
          nameEn
        }
        supersedes {
          id
          name
          nameEn
        }
      }
    }
  }
`);

export function NodePage({ id }: { id: string }) {
  const { lang, tr } = useT();
  const res = useQuery(NodeQuery, { id });
  const n = res.data?.node;
  useTitle(n ? nameOf(lang, n) : id);
  return (
    <QueryView state={res}>
      {({ node }) => {
        if (!node) return <ErrorBox error={new ApiError(tr('nodeNotFound', { what: 'node', code: id }), 'NOT_FOUND', null)} />;
        const label = `label_${node.__typename}`;
        return (
          <article className="detail">
            <p className="kicker">
              {label === 'label_Layer'
                ? tr('label_Layer')
                : label === 'label_ComponentGroup'
                  ? tr('label_ComponentGroup')
                  : label === 'label_Capability'
                    ? tr('label_Capability')
                    : label === 'label_Rule'
                      ? tr('label_Rule')
                      : label === 'label_Framework'
                        ? tr('label_Framework')
                        : node.__typename}{' '}
              · <code>{node.code}</code>
            </p>
            <h1>{nameOf(lang, node)}</h1>
            {lang === 'vi' ? (
              <p className="subtitle">{node.nameEn}</p>
            ) : (
              <p className="subtitle" lang="vi">
                {node.name}
              </p>
            )}
            {node.__typename === 'Component' && <Link to={componentHref(node.code, lang)}>{tr('openDetails')}</Link>}
            {node.__typename === 'Layer' && (
              <>
                <p>
                  <LayerChip code={node.code} />{' '}
                  <Link to={catalogHref({ layer: node.code }, lang)}>
                    {formatNumber(lang, node.componentCount)} {tr('components').toLowerCase()}
                  </Link>
                </p>
                <ul className="rel-list">
                  {node.groups.map((g) => (
                    <li key={g.id}>
                      <Link to={nodeHref(g.id, lang)}>
                        <code>{g.code}</code> {nameOf(lang, g)}
                      </Link>{' '}
                      <span className="muted">({formatNumber(lang, g.componentCount)})</span>
                    </li>
                  ))}
                </ul>
              </>
            )}
            {node.__typename === 'ComponentGroup' && (
              <>
                <Facts
                  items={[
                    [
                      tr('layer'),
                      <>
                        <LayerChip code={node.layer.code} /> <Link to={nodeHref(node.layer.id, lang)}>{nameOf(lang, node.layer)}</Link>
                      </>,
                    ],
                    [
                      tr('framework'),
                      node.framework ? <Link to={nodeHref(node.framework.id, lang)}>{nameOf(lang, node.framework)}</Link> : null,
                    ],
                    [tr('kindLabel'), enumLabel(lang, 'RefKind', node.kind)],
                    [
                      tr('components'),
                      <Link to={catalogHref({ layer: node.layer.code, group: node.code }, lang)}>
                        {formatNumber(lang, node.componentCount)}
                      </Link>,
                    ],
                    [tr('source'), node.source],
                  ]}
                />
                <h2>{tr('referenceComponentsOf')}</h2>
                <ul className="rel-list">
                  {node.referenceComponents.map((r) => (
                    <li key={r.id}>
                      <Link to={referenceHref(r.code, lang)}>
                        <code>{r.code}</code> {nameOf(lang, r)}
                      </Link>{' '}
                      <span className="muted">
                        ({enumLabel(lang, 'Tier', r.tier)}
                        {r.areaType ? ` · ${enumLabel(lang, 'AreaType', r.areaType)}` : ''})
                      </span>
                    </li>
                  ))}
                </ul>
              </>
            )}
            {node.__typename === 'Capability' && (
              <div className="relations">
                <section>
                  <h2>{tr('nationalProviders')}</h2>
                  <ul className="rel-list">
                    {node.nationalProviders.map((c) => (
                      <li key={c.id}>
                        <Link to={componentHref(c.code, lang)}>{nameOf(lang, c)}</Link> <code>{c.code}</code>
                      </li>
                    ))}
                  </ul>
                </section>
                <section>
                  <h2>{tr('sanctionedBy')}</h2>
                  <ul className="rel-list">
                    {node.sanctionedBy.map((r) => (
                      <li key={r.id}>
                        <Link to={referenceHref(r.code, lang)}>
                          <code>{r.code}</code> {nameOf(lang, r)}
                        </Link>
                      </li>
                    ))}
                  </ul>
                </section>
              </div>
            )}
            {node.__typename === 'Rule' && (
              <Facts
                items={[
                  [tr('ruleText'), lang === 'en' ? node.textEn : node.text],
                  [tr('ruleCheck'), node.check ? <code>{node.check}</code> : '—'],
                  [tr('source'), node.source],
                ]}
              />
            )}
            {node.__typename === 'Framework' && (
              <Facts
                items={[
                  [tr('level'), node.level],
                  [tr('status'), node.status],
                  [tr('version'), node.version],
                  [tr('issued'), node.issued],
                  [tr('document'), node.document],
                  [tr('conformsTo'), node.conformsTo.map((f) => nameOf(lang, f)).join('; ') || null],
                  [tr('supersedes'), node.supersedes.map((f) => nameOf(lang, f)).join('; ') || null],
                  [tr('source'), node.source],
                ]}
              />
            )}
          </article>
        );
      }}
    </QueryView>
  );
}
