/**
 * The applications with access to the learner's credentials (/me/apps; docs/learner.md, "Authorised applications"):
 * each application the learner allowed through the Open Badges 3.0 API (OAuth) with its name, site, what it may do
 * in plain words, when it was allowed, last renewed and last used; revoking one (after a confirmation) ends its access
 * at once and takes it off the list. An empty list says no application has access.
 */
import { useRef, useState, type ReactNode } from 'react';
import { learnerApi, type AuthorisedApp } from '../api.ts';
import { useDocumentTitle, useLoad } from '../hooks.ts';
import { useI18n, type Dictionary } from '../i18n.ts';
import { formatDateTime } from '../vocab.ts';
import { ErrorSummary, Loading, Notice } from './fields.tsx';
import { Link } from './Link.tsx';

const OB3_SCOPE_BASE = 'https://purl.imsglobal.org/spec/ob/v3p0/scope/';
const SCOPE_KEYS: Readonly<Record<string, keyof Dictionary['learner']['apps']['scopes']>> = {
  'credential.readonly': 'credentialRead',
  'credential.upsert': 'credentialUpsert',
  'profile.readonly': 'profileRead',
  'profile.update': 'profileUpdate',
};

/** An OAuth scope in the learner's words. */
function scopeInWords(scope: string, t: Dictionary): string {
  const key = scope.startsWith(OB3_SCOPE_BASE) ? SCOPE_KEYS[scope.slice(OB3_SCOPE_BASE.length)] : undefined;
  return key ? t.learner.apps.scopes[key] : t.learner.apps.otherScope(scope);
}

export function LearnerAppsPage(): ReactNode {
  const { t } = useI18n();
  useDocumentTitle(t.learner.apps.title);
  const { state, set } = useLoad('apps', () => learnerApi.apps());
  const [revoked, setRevoked] = useState<string | undefined>(undefined);
  const headingRef = useRef<HTMLHeadingElement>(null);

  return (
    <div className="learner-apps">
      <p className="breadcrumb"><Link to="/me">← {t.learner.credential.back}</Link></p>
      <h1 id="main-heading" tabIndex={-1} ref={headingRef}>{t.learner.apps.title}</h1>
      <p className="lead">{t.learner.apps.intro}</p>
      {revoked && <Notice>{t.learner.apps.revoked(revoked)}</Notice>}
      {state.status === 'loading' && <Loading />}
      {state.status === 'error' && <ErrorSummary error={state.error} />}
      {state.status === 'ready' && (state.data.length === 0 ? <p className="empty">{t.learner.apps.empty}</p> : (
        <ul className="app-list" aria-label={t.learner.apps.caption}>
          {state.data.map((app) => (
            <AppItem
              key={app.clientId} app={app}
              onRevoked={() => {
                set(state.data.filter((a) => a.clientId !== app.clientId));
                setRevoked(app.name);
                window.setTimeout(() => headingRef.current?.focus(), 0);
              }}
            />
          ))}
        </ul>
      ))}
    </div>
  );
}

function AppFacts(props: { readonly app: AuthorisedApp }): ReactNode {
  const { t, lang } = useI18n();
  const { app } = props;
  const when = (iso: string | null): string => (iso === null ? t.learner.apps.never : formatDateTime(iso, lang));
  return (
    <dl className="facts facts--inline app-facts">
      {app.clientUri && (
        <div>
          <dt>{t.learner.apps.site}</dt>
          <dd><a href={app.clientUri} target="_blank" rel="noopener noreferrer">{app.clientUri}<span className="visually-hidden"> {t.learner.credential.newTab}</span></a></dd>
        </div>
      )}
      {app.redirectHosts.length > 0 && <div><dt>{t.learner.apps.returnsTo}</dt><dd>{app.redirectHosts.join(', ')}</dd></div>}
      <div><dt>{t.learner.apps.authorisedAt}</dt><dd>{formatDateTime(app.firstAuthorisedAt, lang)}</dd></div>
      <div><dt>{t.learner.apps.lastIssued}</dt><dd>{when(app.lastTokenIssuedAt)}</dd></div>
      <div><dt>{t.learner.apps.lastUsed}</dt><dd>{when(app.lastUsedAt)}</dd></div>
    </dl>
  );
}

function accessLine(app: AuthorisedApp, t: Dictionary): string {
  if (app.liveAccessToken) return t.learner.apps.liveAccess;
  return app.liveRefreshToken ? t.learner.apps.liveRefresh : t.learner.apps.pending;
}

function AppItem(props: { readonly app: AuthorisedApp; onRevoked(): void }): ReactNode {
  const { t } = useI18n();
  const { app } = props;
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const id = `app-${app.clientId}`;

  async function revoke(): Promise<void> {
    setBusy(true);
    setError(undefined);
    try {
      await learnerApi.revokeApp(app.clientId);
      props.onRevoked();
    } catch (caught) {
      setError(caught);
      setBusy(false);
    }
  }

  const focusSoon = (elementId: string): void => { window.setTimeout(() => document.getElementById(elementId)?.focus(), 0); };
  return (
    <li className="app-item card card--wide" data-app={app.clientId}>
      <h2 id={`${id}-name`} className="app-name">{app.name}</h2>
      <AppFacts app={app} />
      <p className="app-may">{t.learner.apps.mayDo}</p>
      <ul className="app-scopes">{app.scopes.map((scope) => <li key={scope}>{scopeInWords(scope, t)}</li>)}</ul>
      <p className="muted">{accessLine(app, t)}</p>
      {!confirming && (
        <button
          type="button" id={`${id}-revoke`} className="button button--small button--danger" aria-label={t.learner.apps.revokeLabel(app.name)}
          onClick={() => { setConfirming(true); focusSoon(`${id}-confirm`); }}
        >
          {t.learner.apps.revoke}
        </button>
      )}
      {confirming && (
        <div className="confirm-box" role="group" aria-labelledby={`${id}-question`}>
          <p id={`${id}-question`}>{t.learner.apps.revokeQuestion(app.name)}</p>
          <button type="button" id={`${id}-confirm`} className="button button--danger" disabled={busy} onClick={() => void revoke()}>
            {t.learner.apps.confirmRevoke}
          </button>
          <button type="button" className="button" onClick={() => { setConfirming(false); focusSoon(`${id}-revoke`); }}>
            {t.learner.apps.cancel}
          </button>
        </div>
      )}
      {error !== undefined && <ErrorSummary error={error} />}
    </li>
  );
}
