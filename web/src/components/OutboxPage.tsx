/**
 * The e-mail outbox (/institutions/:slug/outbox, issuers and owners): the messages to learners (to, subject, status,
 * attempts, last error, created and sent), the counts per status as filters (?status=), a message's text with its
 * claim link to copy (without SMTP configured the messages stay here and staff hand the link over), and "Retry"
 * for failed ones.
 */
import { Fragment, useState, type ReactNode } from 'react';
import { api, OUTBOX_STATUSES, type OutboxMessage, type OutboxStatus } from '../api.ts';
import { useDocumentTitle, useLoad } from '../hooks.ts';
import { useI18n } from '../i18n.ts';
import { credentialPath, useSearch } from '../router.ts';
import { formatDateTime } from '../vocab.ts';
import { ErrorSummary, Loading, Notice } from './fields.tsx';
import { CopyField, OutboxStatusBadge, Pagination } from './issuance.tsx';
import { Link } from './Link.tsx';

const PAGE_SIZE = 25;

function outboxPath(slug: string, status: OutboxStatus | '', page = 1): string {
  const params = new URLSearchParams();
  if (status) params.set('status', status);
  if (page > 1) params.set('page', String(page));
  const query = params.toString();
  return `/institutions/${slug}/outbox${query === '' ? '' : `?${query}`}`;
}

/** The learner's claim link inside a message's text. */
export function claimLinkOf(text: string): string | undefined {
  return /https?:\/\/[^\s<>"]+\/claim\/[A-Za-z0-9_-]+/.exec(text)?.[0];
}

export function OutboxPage(props: { readonly slug: string }): ReactNode {
  const { t, lang } = useI18n();
  useDocumentTitle(t.outbox.title);
  const params = new URLSearchParams(useSearch());
  const rawStatus = params.get('status') ?? '';
  const status: OutboxStatus | '' = (OUTBOX_STATUSES as readonly string[]).includes(rawStatus) ? rawStatus as OutboxStatus : '';
  const rawPage = Number(params.get('page') ?? '1');
  const page = Number.isInteger(rawPage) && rawPage >= 1 ? rawPage : 1;
  const { state, reload } = useLoad(`${props.slug}/${status}/${page}`, () => api.outbox(props.slug, { status, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE }));
  const [shown, setShown] = useState<string | undefined>(undefined);
  const [retry, setRetry] = useState<{ busy?: string; done?: string; error?: unknown }>({});

  async function retryMessage(message: OutboxMessage): Promise<void> {
    setRetry({ busy: message.id });
    try {
      await api.retryMessage(props.slug, message.id);
      setRetry({ done: message.to });
      reload();
    } catch (error) {
      setRetry({ error });
    }
  }

  const data = state.status === 'ready' ? state.data : undefined;
  const total = data ? data.counts.pending + data.counts.sent + data.counts.failed : 0;
  const filters: Array<{ value: OutboxStatus | ''; label: string }> = [
    { value: '', label: t.outbox.all(total) },
    ...OUTBOX_STATUSES.map((s) => ({ value: s, label: t.outbox.byStatus(t.issuance.outboxStatus[s], data?.counts[s] ?? 0) })),
  ];

  return (
    <>
      <h1 id="main-heading" tabIndex={-1}>{t.outbox.title}</h1>
      <p className="lead">{t.outbox.intro}</p>
      <div className="alert alert--info"><p>{t.outbox.smtpNote}</p></div>

      {data && (
        <nav className="status-filter" aria-label={t.outbox.filter}>
          <ul className="inline-list">
            {filters.map((f) => (
              <li key={f.value || 'all'}>
                <Link to={outboxPath(props.slug, f.value)} current={f.value === status} className="filter-link">{f.label}</Link>
              </li>
            ))}
          </ul>
        </nav>
      )}
      {retry.done && <Notice>{t.outbox.retried(retry.done)}</Notice>}
      {retry.error !== undefined && <ErrorSummary error={retry.error} />}

      {state.status === 'loading' && <Loading />}
      {state.status === 'error' && <ErrorSummary error={state.error} />}
      {data && (data.items.length === 0 ? <p className="empty">{t.outbox.empty}</p> : (
        <div className="table-wrap">
          <table className="outbox-table">
            <caption className="visually-hidden">{t.outbox.caption}</caption>
            <thead>
              <tr>
                <th scope="col">{t.outbox.colTo} / {t.outbox.colSubject}</th>
                <th scope="col">{t.outbox.colStatus}</th>
                <th scope="col" className="num">{t.outbox.colAttempts}</th>
                <th scope="col">{t.outbox.colError}</th>
                <th scope="col">{t.outbox.colCreated} / {t.outbox.colSent}</th>
                <th scope="col"><span className="visually-hidden">{t.outbox.colActions}</span></th>
              </tr>
            </thead>
            <tbody>
              {data.items.map((message) => {
                const open = shown === message.id;
                return (
                  <Fragment key={message.id}>
                    <tr>
                      <th scope="row">{message.to}<span className="message-subject">{message.subject}</span></th>
                      <td><OutboxStatusBadge status={message.status} /></td>
                      <td className="num">{message.attempts}</td>
                      <td className="message-error">{message.lastError ?? '—'}</td>
                      <td>
                        {formatDateTime(message.createdAt, lang)}
                        <span className="muted message-sent">{message.sentAt ? formatDateTime(message.sentAt, lang) : '—'}</span>
                      </td>
                      <td className="actions">
                        <button
                          type="button" className="button button--small" aria-expanded={open} aria-controls={`message-${message.id}`}
                          aria-label={open ? t.outbox.hideLabel(message.to) : t.outbox.showLabel(message.to)}
                          onClick={() => setShown(open ? undefined : message.id)}
                        >
                          {open ? t.outbox.hide : t.outbox.show}
                        </button>
                        {message.status === 'failed' && (
                          <button
                            type="button" className="button button--small button--secondary" aria-label={t.outbox.retryLabel(message.to)}
                            disabled={retry.busy === message.id} onClick={() => void retryMessage(message)}
                          >
                            {t.outbox.retry}
                          </button>
                        )}
                      </td>
                    </tr>
                    {open && (
                      <tr className="message-row">
                        <td colSpan={6} id={`message-${message.id}`}>
                          <MessageView slug={props.slug} message={message} />
                        </td>
                      </tr>
                    )}
                  </Fragment>
                );
              })}
            </tbody>
          </table>
        </div>
      ))}
      {data && (
        <Pagination
          page={page} pages={Math.max(1, Math.ceil(data.total / PAGE_SIZE))} href={(n) => outboxPath(props.slug, status, n)}
          label={t.issued.pagination} texts={t.issued}
        />
      )}
    </>
  );
}

function MessageView(props: { readonly slug: string; readonly message: OutboxMessage }): ReactNode {
  const { t } = useI18n();
  const { message } = props;
  const claim = claimLinkOf(message.text);
  return (
    <section className="message" aria-label={t.outbox.message(message.to)}>
      {claim && <CopyField id={`claim-${message.id}`} label={t.outbox.claimLink} value={claim} hint={t.outbox.claimLinkHint} />}
      {message.credentialId && <p><Link to={credentialPath(props.slug, message.credentialId)}>{t.outbox.credential}</Link></p>}
      <h3 className="message-heading">{t.outbox.text}</h3>
      <pre className="message-text">{message.text}</pre>
    </section>
  );
}
