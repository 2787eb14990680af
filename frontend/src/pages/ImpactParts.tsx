// The parts of the impact page that other pages share: the controls (root, depth, direction,
// grouping, day) and the bar lists of counts.
import { ComponentPicker } from '../components/ComponentPicker';
import { AsOfControl } from '../components/AsOf';
import type { useT } from '../hooks';
import { formatNumber, nameOf, type Lang } from '../lib/i18n';
import { IMPACT_GROUP_BY, MAX_DEPTH, type ImpactState } from '../lib/url';

type Tr = ReturnType<typeof useT>['tr'];

interface CountRow {
  key: string;
  name: string;
  nameEn: string;
  count: number;
}

export function Bars({
  title,
  rows,
  lang,
  color,
  label,
  onPick,
  testId,
}: {
  title: string;
  rows: readonly CountRow[];
  lang: Lang;
  color?: (key: string) => string;
  label?: (r: CountRow) => string;
  onPick?: (key: string) => void;
  testId?: string;
}) {
  const max = Math.max(1, ...rows.map((r) => r.count));
  return (
    <section className="bars" data-testid={testId}>
      <h3>{title}</h3>
      <table>
        <tbody>
          {rows.map((r) => (
            <tr key={r.key}>
              <th scope="row">
                {onPick ? (
                  <button type="button" className="linklike" onClick={() => onPick(r.key)}>
                    {label ? label(r) : nameOf(lang, r)}
                  </button>
                ) : label ? (
                  label(r)
                ) : (
                  nameOf(lang, r)
                )}
              </th>
              <td className="num">
                <span className="bar" aria-hidden="true">
                  <span style={{ width: `${(r.count / max) * 100}%`, background: color ? color(r.key) : '#1f5fa8' }} />
                </span>
                {formatNumber(lang, r.count)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/** The form: root component, depth, direction and day. */
export function ImpactControls({ s, tr, go }: { s: ImpactState; tr: Tr; go: (p: Partial<ImpactState>) => void }) {
  return (
    <form
      className="controls"
      onSubmit={(e) => {
        e.preventDefault();
      }}
    >
      <ComponentPicker
        value={s.of}
        label={tr('impactOf')}
        onPick={(code) => go({ of: code, layer: '', level: [], province: '', owner: '', list: false, after: '' })}
      />
      <div className="field">
        <label htmlFor="impact-depth">{tr('depth')}</label>
        <select
          id="impact-depth"
          value={s.depth}
          onChange={(e) => go({ depth: Number(e.target.value), after: '' })}
          data-testid="impact-depth"
        >
          {Array.from({ length: MAX_DEPTH }, (_, i) => i + 1).map((d) => (
            <option key={d} value={d}>
              {d}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="impact-dir">{tr('direction')}</label>
        <select
          id="impact-dir"
          value={s.dir}
          onChange={(e) => go({ dir: e.target.value === 'DEPENDENCIES' ? 'DEPENDENCIES' : 'DEPENDENTS', after: '' })}
        >
          <option value="DEPENDENTS">{tr('dirDependents')}</option>
          <option value="DEPENDENCIES">{tr('dirDependencies')}</option>
        </select>
      </div>
      <div className="field">
        <label htmlFor="impact-by">{tr('impactGroupBy')}</label>
        <select
          id="impact-by"
          value={s.by}
          onChange={(e) =>
            go({
              by: IMPACT_GROUP_BY.find((b) => b === e.target.value) ?? 'PROVINCE',
              layer: '',
              level: [],
              province: '',
              owner: '',
              list: false,
              after: '',
            })
          }
          data-testid="impact-by"
        >
          {IMPACT_GROUP_BY.map((b) => (
            <option key={b} value={b}>
              {tr(`dim${b}`)}
            </option>
          ))}
        </select>
      </div>
      <AsOfControl value={s.asOf} onChange={(asOf) => go({ asOf })} />
    </form>
  );
}
