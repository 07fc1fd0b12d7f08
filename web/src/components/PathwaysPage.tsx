/**
 * The institution's pathways (/institutions/:slug/pathways): the list, and a form to create or edit one: title and
 * description in Polish and English, the rule (all / N of / at least X ECTS), the member micro-credentials chosen
 * from the public catalogue (of any institution), and the larger credential it leads to.
 */
import { useState, type FormEvent, type ReactNode } from 'react';
import { api, fieldProblems, type Bilingual, type CatalogueOffer, type Pathway, type PathwayInput, type PathwayRule } from '../api.ts';
import { useDocumentTitle, useLoad } from '../hooks.ts';
import { useI18n } from '../i18n.ts';
import { pathwayPath } from '../router.ts';
import { institutionName, textIn } from '../vocab.ts';
import { ErrorSummary, Loading, Notice, TextAreaField, TextField } from './fields.tsx';
import { Link } from './Link.tsx';

interface Member {
  readonly specId: string;
  readonly title: Bilingual | null;
  readonly institution: string | null;
}

type Editing = { readonly kind: 'new' } | { readonly kind: 'edit'; readonly pathway: Pathway; readonly members: readonly Member[] };

function focusSoon(id: string): void {
  window.setTimeout(() => document.getElementById(id)?.focus(), 0);
}

export function PathwaysPage(props: { readonly slug: string; readonly canEdit: boolean }): ReactNode {
  const { t, lang } = useI18n();
  useDocumentTitle(t.pathways.title);
  const { state, reload } = useLoad(props.slug, () => api.pathways(props.slug));
  const [editing, setEditing] = useState<Editing | null>(null);
  const [confirming, setConfirming] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const [notice, setNotice] = useState<string | null>(null);

  async function startEdit(pathway: Pathway): Promise<void> {
    setNotice(null);
    setError(undefined);
    // The public page lists the members with their titles.
    let members: Member[] = pathway.specIds.map((specId) => ({ specId, title: null, institution: null }));
    try {
      const full = await api.publicPathway(pathway.id);
      const byId = new Map(full.offers.map((m) => [m.specId, m]));
      members = pathway.specIds.map((specId) => {
        const offer = byId.get(specId);
        return { specId, title: offer?.title ?? null, institution: offer ? institutionName(offer.institution, lang) : null };
      });
    } catch {
      // Titles are a convenience: the ids still identify the members.
    }
    setEditing({ kind: 'edit', pathway, members });
    focusSoon('pw-title-pl');
  }

  async function remove(pathway: Pathway): Promise<void> {
    setBusy(true);
    setError(undefined);
    try {
      await api.deletePathway(props.slug, pathway.id);
      setConfirming(null);
      setNotice(t.pathways.removed(textIn(pathway.title, lang).text));
      if (editing?.kind === 'edit' && editing.pathway.id === pathway.id) setEditing(null);
      reload();
      focusSoon('main-heading');
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <div className="page-head">
        <h1 id="main-heading" tabIndex={-1}>{t.pathways.title}</h1>
        {props.canEdit && (
          <button type="button" className="button button--primary" onClick={() => { setEditing({ kind: 'new' }); setNotice(null); focusSoon('pw-title-pl'); }}>
            {t.pathways.create}
          </button>
        )}
      </div>
      <p className="lead">{t.pathways.intro}</p>
      {notice && <Notice>{notice}</Notice>}
      {error !== undefined && <ErrorSummary error={error} />}
      {state.status === 'loading' && <Loading />}
      {state.status === 'error' && <ErrorSummary error={state.error} />}
      {state.status === 'ready' && (
        state.data.length === 0 ? <p className="muted">{t.pathways.empty}</p> : (
          <div className="table-wrap">
            <table>
              <caption>{t.pathways.caption}</caption>
              <thead>
                <tr>
                  <th scope="col">{t.pathways.colTitle}</th>
                  <th scope="col">{t.pathways.colRule}</th>
                  <th scope="col">{t.pathways.colMembers}</th>
                  <th scope="col"><span className="visually-hidden">{t.pathways.colActions}</span></th>
                </tr>
              </thead>
              <tbody>
                {state.data.map((pathway) => {
                  const title = textIn(pathway.title, lang).text;
                  return (
                    <tr key={pathway.id}>
                      <th scope="row"><Link to={pathwayPath(pathway.id)}>{title}</Link></th>
                      <td>{t.pathways.ruleText(pathway.rule, pathway.specIds.length)}</td>
                      <td>{t.pathways.memberCount(pathway.specIds.length)}</td>
                      <td className="actions">
                        {props.canEdit && (confirming === pathway.id ? (
                          <div className="confirm" role="group" aria-labelledby={`pw-remove-${pathway.id}`}>
                            <p id={`pw-remove-${pathway.id}`}>{t.pathways.removeQuestion(title)}</p>
                            <button type="button" id={`pw-remove-yes-${pathway.id}`} className="button button--danger" aria-disabled={busy} onClick={() => { if (!busy) void remove(pathway); }}>{t.pathways.confirmRemove}</button>
                            <button type="button" className="button" onClick={() => setConfirming(null)}>{t.pathways.cancel}</button>
                          </div>
                        ) : (
                          <>
                            <button type="button" className="button button--quiet" aria-label={t.pathways.editLabel(title)} onClick={() => void startEdit(pathway)}>{t.pathways.edit}</button>
                            <button type="button" className="button button--quiet" aria-label={t.pathways.removeLabel(title)} onClick={() => { setConfirming(pathway.id); focusSoon(`pw-remove-yes-${pathway.id}`); }}>{t.pathways.remove}</button>
                          </>
                        ))}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )
      )}
      {editing && (
        <PathwayForm
          key={editing.kind === 'edit' ? editing.pathway.id : 'new'} slug={props.slug} editing={editing}
          onCancel={() => setEditing(null)}
          onSaved={(pathway) => { setEditing(null); setNotice(t.pathways.saved(textIn(pathway.title, lang).text)); reload(); focusSoon('main-heading'); }}
        />
      )}
    </>
  );
}

/** Problem path (without `body.`) → field id. */
function pathwayFieldId(path: string): string | undefined {
  if (/^specIds(\[\d+\])?$/.test(path)) return 'pw-search';
  const direct: Record<string, string> = {
    title: 'pw-title-pl', 'title.pl': 'pw-title-pl', 'title.en': 'pw-title-en',
    description: 'pw-description-pl', 'description.pl': 'pw-description-pl', 'description.en': 'pw-description-en',
    rule: 'pw-rule-all', 'rule.type': 'pw-rule-all', 'rule.n': 'pw-rule-n', 'rule.minEcts': 'pw-rule-minEcts',
    target: 'pw-target-title-pl', 'target.title': 'pw-target-title-pl', 'target.title.pl': 'pw-target-title-pl',
    'target.title.en': 'pw-target-title-en', 'target.url': 'pw-target-url',
  };
  return direct[path];
}

function PathwayForm(props: { readonly slug: string; readonly editing: Editing; onCancel(): void; onSaved(pathway: Pathway): void }): ReactNode {
  const { t, lang } = useI18n();
  const existing = props.editing.kind === 'edit' ? props.editing.pathway : undefined;
  const [title, setTitle] = useState<Bilingual>(existing?.title ?? { pl: '', en: '' });
  const [description, setDescription] = useState<Bilingual>(existing?.description ?? { pl: '', en: '' });
  const [ruleType, setRuleType] = useState<PathwayRule['type']>(existing?.rule.type ?? 'all');
  const [n, setN] = useState(existing?.rule.type === 'n-of' ? String(existing.rule.n) : '');
  const [minEcts, setMinEcts] = useState(existing?.rule.type === 'ects' ? String(existing.rule.minEcts) : '');
  const [members, setMembers] = useState<readonly Member[]>(props.editing.kind === 'edit' ? props.editing.members : []);
  const [targetTitle, setTargetTitle] = useState<Bilingual>(existing?.target?.title ?? { pl: '', en: '' });
  const [targetUrl, setTargetUrl] = useState(existing?.target?.url ?? '');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);

  const number = (value: string): number => Number(value.trim().replace(',', '.'));

  function inputOf(): PathwayInput {
    const rule: PathwayRule = ruleType === 'n-of' ? { type: 'n-of', n: number(n) } : ruleType === 'ects' ? { type: 'ects', minEcts: number(minEcts) } : { type: 'all' };
    const hasDescription = description.pl.trim() !== '' || description.en.trim() !== '';
    const hasTarget = targetTitle.pl.trim() !== '' || targetTitle.en.trim() !== '' || targetUrl.trim() !== '';
    return {
      title: { pl: title.pl.trim(), en: title.en.trim() },
      ...(hasDescription && { description: { pl: description.pl.trim(), en: description.en.trim() } }),
      rule,
      specIds: members.map((m) => m.specId),
      ...(hasTarget && { target: { title: { pl: targetTitle.pl.trim(), en: targetTitle.en.trim() }, ...(targetUrl.trim() !== '' && { url: targetUrl.trim() }) } }),
    };
  }

  async function submit(event: FormEvent<HTMLFormElement>): Promise<void> {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    setError(undefined);
    try {
      const input = inputOf();
      props.onSaved(existing ? await api.updatePathway(props.slug, existing.id, input) : await api.createPathway(props.slug, input));
    } catch (caught) {
      setError(caught);
      focusSoon('pw-errors');
    } finally {
      setBusy(false);
    }
  }

  const problems = new Map<string, Bilingual>();
  const summaryFields = new Map<string, { id: string; label: string }>();
  const labels: Record<string, string> = {
    'pw-title-pl': t.pathways.titlePl, 'pw-title-en': t.pathways.titleEn, 'pw-description-pl': t.pathways.descriptionPl,
    'pw-description-en': t.pathways.descriptionEn, 'pw-rule-all': t.pathways.rule, 'pw-rule-n': t.pathways.n, 'pw-rule-minEcts': t.pathways.minEcts,
    'pw-search': t.pathways.members, 'pw-target-title-pl': t.pathways.targetTitlePl, 'pw-target-title-en': t.pathways.targetTitleEn,
    'pw-target-url': t.pathways.targetUrl,
  };
  for (const [path, message] of fieldProblems(error)) {
    const id = pathwayFieldId(path);
    if (id === undefined) continue;
    if (!problems.has(id)) problems.set(id, message);
    summaryFields.set(path, { id, label: labels[id] ?? path });
  }

  const heading = existing ? t.pathways.formEdit(textIn(existing.title, lang).text) : t.pathways.formNew;
  return (
    <section className="card card--wide" aria-labelledby="pw-form-title">
      <h2 id="pw-form-title">{heading}</h2>
      {error !== undefined && (
        <div id="pw-errors" tabIndex={-1} className="focus-target"><ErrorSummary error={error} fields={summaryFields} /></div>
      )}
      <form className="form" onSubmit={(event) => void submit(event)} noValidate>
        <div className="lang-pair">
          <TextField id="pw-title-pl" label={t.pathways.titlePl} lang="pl" required value={title.pl} onChange={(pl) => setTitle((v) => ({ ...v, pl }))} maxLength={300} error={problems.get('pw-title-pl')} />
          <TextField id="pw-title-en" label={t.pathways.titleEn} lang="en" required value={title.en} onChange={(en) => setTitle((v) => ({ ...v, en }))} maxLength={300} error={problems.get('pw-title-en')} />
        </div>
        <div className="lang-pair">
          <TextAreaField id="pw-description-pl" label={t.pathways.descriptionPl} lang="pl" value={description.pl} onChange={(pl) => setDescription((v) => ({ ...v, pl }))} maxLength={2000} error={problems.get('pw-description-pl')} />
          <TextAreaField id="pw-description-en" label={t.pathways.descriptionEn} lang="en" value={description.en} onChange={(en) => setDescription((v) => ({ ...v, en }))} maxLength={2000} error={problems.get('pw-description-en')} />
        </div>

        <fieldset className="subsection">
          <legend>{t.pathways.rule}</legend>
          <div className="radio">
            <input type="radio" id="pw-rule-all" name="pw-rule" checked={ruleType === 'all'} onChange={() => setRuleType('all')}
              aria-describedby={problems.has('pw-rule-all') ? 'pw-rule-all-error' : undefined} />
            <label htmlFor="pw-rule-all">{t.pathways.ruleAll}</label>
          </div>
          {problems.has('pw-rule-all') && <p id="pw-rule-all-error" className="field-error">{problems.get('pw-rule-all')?.[lang]}</p>}
          <div className="radio">
            <input type="radio" id="pw-rule-type-n-of" name="pw-rule" checked={ruleType === 'n-of'} onChange={() => setRuleType('n-of')} />
            <label htmlFor="pw-rule-type-n-of">{t.pathways.ruleNOf}</label>
          </div>
          {ruleType === 'n-of' && (
            <TextField id="pw-rule-n" label={t.pathways.n} inputMode="numeric" required value={n} onChange={setN} inputClassName="input-short" className="indent" error={problems.get('pw-rule-n')} />
          )}
          <div className="radio">
            <input type="radio" id="pw-rule-type-ects" name="pw-rule" checked={ruleType === 'ects'} onChange={() => setRuleType('ects')} />
            <label htmlFor="pw-rule-type-ects">{t.pathways.ruleEcts}</label>
          </div>
          {ruleType === 'ects' && (
            <TextField id="pw-rule-minEcts" label={t.pathways.minEcts} inputMode="decimal" required value={minEcts} onChange={setMinEcts} inputClassName="input-short" className="indent" error={problems.get('pw-rule-minEcts')} />
          )}
        </fieldset>

        <fieldset className="subsection">
          <legend>{t.pathways.members}</legend>
          <p className="field-hint">{t.pathways.membersHint}</p>
          {members.length === 0 ? <p className="muted">{t.pathways.noMembers}</p> : (
            <ol className="member-list">
              {members.map((member, index) => {
                const name = member.title ? textIn(member.title, lang).text : t.pathways.unknownMember(member.specId);
                return (
                  <li key={member.specId}>
                    <span>{name}{member.institution && <span className="muted"> · {member.institution}</span>}</span>
                    <button
                      type="button" className="button button--quiet" aria-label={t.pathways.removeMemberLabel(name)}
                      onClick={() => {
                        setMembers((list) => list.filter((m) => m.specId !== member.specId));
                        focusSoon(members.length > 1 ? `pw-member-${(members[index + 1] ?? members[index - 1])?.specId ?? ''}` : 'pw-search');
                      }}
                      id={`pw-member-${member.specId}`}
                    >
                      {t.pathways.removeMember}
                    </button>
                  </li>
                );
              })}
            </ol>
          )}
          <MemberSearch
            chosen={members.map((m) => m.specId)} error={problems.get('pw-search')}
            onAdd={(offer) => setMembers((list) => [...list, { specId: offer.specId, title: offer.title, institution: institutionName(offer.institution, lang) }])}
          />
        </fieldset>

        <fieldset className="subsection">
          <legend>{t.pathways.target}</legend>
          <div className="lang-pair">
            <TextField id="pw-target-title-pl" label={t.pathways.targetTitlePl} lang="pl" value={targetTitle.pl} onChange={(pl) => setTargetTitle((v) => ({ ...v, pl }))} maxLength={300} error={problems.get('pw-target-title-pl')} />
            <TextField id="pw-target-title-en" label={t.pathways.targetTitleEn} lang="en" value={targetTitle.en} onChange={(en) => setTargetTitle((v) => ({ ...v, en }))} maxLength={300} error={problems.get('pw-target-title-en')} />
          </div>
          <TextField id="pw-target-url" label={t.pathways.targetUrl} type="url" inputMode="url" spellCheck={false} value={targetUrl} onChange={setTargetUrl} error={problems.get('pw-target-url')} />
        </fieldset>

        <div className="form-actions">
          <button type="submit" className="button button--primary" aria-disabled={busy}>{busy ? t.pathways.saving : t.pathways.save}</button>
          <button type="button" className="button" onClick={props.onCancel}>{t.pathways.cancel}</button>
        </div>
      </form>
    </section>
  );
}

/** Searching the public catalogue for members: results with "Add" buttons (chosen ones marked as added). */
function MemberSearch(props: { readonly chosen: readonly string[]; readonly error: Bilingual | undefined; onAdd(offer: CatalogueOffer): void }): ReactNode {
  const { t, lang } = useI18n();
  const [text, setText] = useState('');
  const [results, setResults] = useState<readonly CatalogueOffer[] | null>(null);
  const [searching, setSearching] = useState(false);
  const [error, setError] = useState<unknown>(undefined);

  async function search(): Promise<void> {
    setSearching(true);
    setError(undefined);
    try {
      const found = await api.catalogue({
        q: text, eqf: [], ectsMin: '', ectsMax: '', isced: [], language: [], participation: [], institution: [], sort: '', page: 1,
      }, lang, 10);
      setResults(found.items);
    } catch (caught) {
      setError(caught);
    } finally {
      setSearching(false);
    }
  }

  return (
    <div className="member-search">
      <div className="search-box">
        <TextField
          id="pw-search" label={t.pathways.search} value={text} onChange={setText} className="grow" error={props.error}
          // Enter searches (instead of submitting the pathway form).
          onKeyDown={(event) => { if (event.key === 'Enter') { event.preventDefault(); void search(); } }}
        />
        <button type="button" className="button" onClick={() => void search()}>{t.pathways.searchButton}</button>
      </div>
      <p role="status" className="muted">{searching ? t.pathways.searching : results !== null && results.length === 0 ? t.pathways.noResults : ''}</p>
      {error !== undefined && <ErrorSummary error={error} />}
      {results !== null && results.length > 0 && (
        <ul className="member-results" aria-label={t.pathways.searchResults}>
          {results.map((offer) => {
            const name = textIn(offer.title, lang).text;
            const added = props.chosen.includes(offer.specId);
            return (
              <li key={offer.specId}>
                <span>{name} <span className="muted">· {institutionName(offer.institution, lang)}</span></span>
                {added ? <span className="muted">{t.pathways.added}</span> : (
                  <button type="button" className="button button--small" aria-label={t.pathways.addLabel(name)} onClick={() => props.onAdd(offer)}>{t.pathways.add}</button>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}
