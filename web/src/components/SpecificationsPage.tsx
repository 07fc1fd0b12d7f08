/** The institution's micro-credential specifications (newest first) and the ways to a new one: the editor, or an import from ELM. */
import type { ReactNode } from 'react';
import { api } from '../api.ts';
import { useDocumentTitle, useLoad } from '../hooks.ts';
import { useI18n } from '../i18n.ts';
import { specificationImportPath, specificationPath } from '../router.ts';
import { eqfLabel, formatDateTime, formatNumber } from '../vocab.ts';
import { ErrorSummary, Loading } from './fields.tsx';
import { Link } from './Link.tsx';
import { statusName } from './SpecEditorPage.tsx';

export function SpecificationsPage(props: { readonly slug: string; readonly canEdit: boolean }): ReactNode {
  const { t, lang } = useI18n();
  useDocumentTitle(t.specList.title);
  const { state } = useLoad(props.slug, () => api.specifications(props.slug));
  const other = lang === 'pl' ? 'en' : 'pl';

  return (
    <>
      <div className="page-head">
        <h1 id="main-heading" tabIndex={-1}>{t.specList.title}</h1>
        {props.canEdit && (
          <ul className="inline-list page-actions">
            <li><Link to={specificationPath(props.slug, null)} className="button button--primary">{t.specList.create}</Link></li>
            <li><Link to={specificationImportPath(props.slug)} className="button">{t.specList.importElm}</Link></li>
          </ul>
        )}
      </div>
      <p className="lead">{t.specList.intro}</p>
      {state.status === 'loading' && <Loading />}
      {state.status === 'error' && <ErrorSummary error={state.error} />}
      {state.status === 'ready' && (
        state.data.length === 0 ? <p className="muted">{t.specList.empty}</p> : (
          <div className="table-wrap">
            <table>
              <caption>{t.specList.caption}</caption>
              <thead>
                <tr>
                  <th scope="col">{t.specList.colTitle}</th>
                  <th scope="col">{t.specList.colVersion}</th>
                  <th scope="col">{t.specList.colStatus}</th>
                  <th scope="col">{t.specList.colEcts}</th>
                  <th scope="col">{t.specList.colEqf}</th>
                  <th scope="col">{t.specList.colErrors}</th>
                  <th scope="col">{t.specList.colUpdated}</th>
                </tr>
              </thead>
              <tbody>
                {state.data.map((spec) => {
                  const title = spec.title[lang] || spec.title[other] || t.specList.untitled;
                  return (
                    <tr key={spec.specId}>
                      <th scope="row"><Link to={specificationPath(props.slug, spec.specId)}>{title}</Link></th>
                      <td>{spec.version}</td>
                      <td>
                        <span className={`status status--${spec.status}`}>{statusName(t, spec.status)}</span>
                        {spec.status === 'draft' && spec.publishedVersion !== null && <span className="muted"> · {t.specList.alsoPublished(spec.publishedVersion)}</span>}
                      </td>
                      <td>{spec.ectsCredits === null ? '—' : formatNumber(spec.ectsCredits, lang)}</td>
                      <td>{spec.eqfLevel === null ? '—' : <abbr title={eqfLabel(spec.eqfLevel, lang)}>{spec.eqfLevel}</abbr>}</td>
                      <td className={spec.errorCount > 0 ? 'count-errors' : 'muted'}>{t.specList.errors(spec.errorCount)}</td>
                      <td>{formatDateTime(spec.updatedAt, lang)}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )
      )}
    </>
  );
}
