// A case: header, ownership graph, checks with AML hits and documents, risks, reviews,
// notes, the audit trail and its verification; decisions with the case's `version` as
// `expectedVersion`, so a change by someone else in between is a CONFLICT offering a reload.
import { useCallback, useEffect, useState } from 'react';
import { request, subscribe } from './api';
import {
  AddNoteMutation,
  CaseEventsSubscription,
  CaseQuery,
  CaseReportQuery,
  DecideMutation,
  ReviewCheckMutation,
  ReviewHitsMutation,
} from './operations';
import type { AmlHitStatus, ConsoleCaseQuery, ReportFormat, ReviewStatus } from './gql/graphql';
import { ErrorBox } from './ErrorBox';
import { Field } from './Field';
import { OwnershipGraph } from './OwnershipGraph';
import { HIT_STATUSES } from './enums';
import { date, dateTime, label, monthsFromNow, person } from './format';
import { lastQueue, navigate } from './router';

type Data = ConsoleCaseQuery;
type Case = Data['case'];
type Check = Case['checks'][number];

export function CasePage({ id, me }: { id: string; me: string[] }) {
  const [data, setData] = useState<Data | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [changed, setChanged] = useState(false);

  const load = useCallback(async () => {
    try {
      setData(await request(CaseQuery, { id }));
      setError(null);
      setChanged(false);
    } catch (e) {
      setError(e);
    }
  }, [id]);

  useEffect(() => {
    void load();
  }, [load]);

  // Someone else's change to this case: say so (the next decision would be a CONFLICT).
  useEffect(
    () =>
      subscribe(
        CaseEventsSubscription,
        { caseId: id },
        (event) => {
          if (!me.includes(event.caseEvents.actorId)) setChanged(true);
        },
        () => undefined,
      ),
    [id, me],
  );

  if (!data) {
    return (
      <section>
        <BackLink />
        {error ? <ErrorBox error={error} /> : <p aria-busy="true">Loading the case…</p>}
      </section>
    );
  }
  const c = data.case;
  return (
    <article className="case" aria-labelledby="case-title" data-case-id={c.id} data-version={c.version}>
      <BackLink />
      <header className="case-head">
        <h1 id="case-title">{c.name}</h1>
        <dl className="facts">
          <Fact term="Status">
            <span className={`badge status-${c.status.toLowerCase()}`} data-testid="case-status">
              {label(c.status)}
            </span>
          </Fact>
          <Fact term="Risk">
            <span className={`badge risk-${c.riskLevel.toLowerCase()}`}>{label(c.riskLevel)}</span>
          </Fact>
          <Fact term="Type">{label(c.type)}</Fact>
          <Fact term="Priority">{label(c.priority)}</Fact>
          <Fact term="Flags">{c.flags.length ? c.flags.map(label).join(', ') : '—'}</Fact>
          <Fact term="Assignee">{person(c.assignee)}</Fact>
          <Fact term="Due">{date(c.dueAt)}</Fact>
          <Fact term="Next review">{date(c.nextReviewAt)}</Fact>
          <Fact term="External id">{c.externalId ?? '—'}</Fact>
          <Fact term="Version">{c.version}</Fact>
        </dl>
        {c.description ? <p className="muted">{c.description}</p> : null}
        {c.erasedAt ? (
          <p className="notice" role="status" data-testid="case-erased">
            Personal data erased on {dateTime(c.erasedAt)} (retention period over): names and
            details below are blank; the audit trail still verifies.
          </p>
        ) : null}
        {changed ? (
          <p className="notice" role="status">
            This case changed since it was loaded.{' '}
            <button type="button" onClick={() => void load()}>
              Reload
            </button>
          </p>
        ) : null}
        {c.pendingDecision ? (
          <p className="notice" role="status">
            Decision waiting for a second person: {label(c.pendingDecision.status)} proposed by{' '}
            {c.pendingDecision.proposerId} on {dateTime(c.pendingDecision.proposedAt)}.
          </p>
        ) : null}
      </header>
      <ErrorBox error={error} onReload={() => void load()} />
      <div className="case-grid">
        <div className="case-main">
          <section aria-labelledby="graph-title" className="panel">
            <h2 id="graph-title">Ownership</h2>
            <OwnershipGraph data={c} />
          </section>
          <section aria-labelledby="checks-title" className="panel">
            <h2 id="checks-title">Checks ({c.checks.length})</h2>
            {c.checks.length === 0 ? <p className="muted">No checks.</p> : null}
            {c.checks.map((check) => (
              <CheckPanel key={check.id} check={check} version={c.version} onDone={load} />
            ))}
          </section>
          <section aria-labelledby="docs-title" className="panel">
            <h2 id="docs-title">Documents ({c.documents.totalCount})</h2>
            {c.documents.nodes.length === 0 ? <p className="muted">No documents.</p> : <Documents docs={c.documents.nodes} />}
          </section>
        </div>
        <aside className="case-side">
          <Decision c={c} onDone={load} />
          <section aria-labelledby="risks-title" className="panel">
            <h2 id="risks-title">Risk over time ({c.risks.totalCount})</h2>
            <ol className="timeline">
              {c.risks.nodes.map((r) => (
                <li key={r.id}>
                  <span className={`badge risk-${r.level.toLowerCase()}`}>{label(r.level)}</span>{' '}
                  {r.score !== null && r.score !== undefined ? `score ${r.score}` : ''} · {label(r.mode)} ·{' '}
                  {dateTime(r.createdAt)} · {r.createdBy}
                  {r.comment ? <div className="muted">{r.comment}</div> : null}
                </li>
              ))}
            </ol>
          </section>
          <section aria-labelledby="reviews-title" className="panel">
            <h2 id="reviews-title">Reviews ({c.reviews.totalCount})</h2>
            <ol className="timeline" data-testid="reviews">
              {c.reviews.nodes.map((r) => (
                <li key={r.id}>
                  <strong>{label(r.status)}</strong> · {dateTime(r.createdAt)} · {r.reviewerId ?? 'system'}
                  {r.nextReviewAt ? ` · next review ${date(r.nextReviewAt)}` : ''}
                  {r.comment ? <div className="muted">{r.comment}</div> : null}
                </li>
              ))}
            </ol>
          </section>
          <Notes c={c} onDone={load} />
          <Report caseId={c.id} />
          <Audit data={data} />
        </aside>
      </div>
    </article>
  );
}

function BackLink() {
  return (
    <a
      className="back"
      href="/console"
      onClick={(e) => {
        e.preventDefault();
        navigate(lastQueue());
      }}
    >
      ← Work queue
    </a>
  );
}

function Fact({ term, children }: { term: string; children: React.ReactNode }) {
  return (
    <div>
      <dt>{term}</dt>
      <dd>{children}</dd>
    </div>
  );
}

const PRESETS: { text: string; months: number | null }[] = [
  { text: 'No date', months: null },
  { text: '6 months', months: 6 },
  { text: '1 year', months: 12 },
  { text: '2 years', months: 24 },
  { text: '3 years', months: 36 },
];

function Decision({ c, onDone }: { c: Case; onDone: () => Promise<void> }) {
  const [status, setStatus] = useState<ReviewStatus>('APPROVED');
  const [comment, setComment] = useState('');
  const [months, setMonths] = useState<number | null>(12);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<string | null>(null);

  const submit = async () => {
    setBusy(true);
    setError(null);
    setDone(null);
    try {
      const result = await request(DecideMutation, {
        caseId: c.id,
        expectedVersion: c.version,
        input: {
          status,
          comment: comment.trim() || null,
          nextReviewAt: status === 'APPROVED' && months !== null ? monthsFromNow(months) : null,
        },
      });
      setDone(
        result.createCaseReview.pendingDecision
          ? `${label(status)} proposed: it waits for a second person.`
          : `Case ${label(result.createCaseReview.status).toLowerCase()}.`,
      );
      setComment('');
      await onDone();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="decision-title" className="panel decision">
      <h2 id="decision-title">Decision</h2>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <fieldset>
          <legend>Outcome</legend>
          {(['APPROVED', 'REJECTED', 'CLOSED'] as ReviewStatus[]).map((s) => (
            <label key={s} className="radio">
              <input
                type="radio"
                name="decision"
                value={s}
                checked={status === s}
                onChange={() => setStatus(s)}
              />
              {{ APPROVED: 'Approve', REJECTED: 'Reject', CLOSED: 'Close' }[s]}
            </label>
          ))}
        </fieldset>
        <Field text="Comment (kept in the audit trail)">
          {(id) => (
            <textarea id={id} name="comment" rows={3} value={comment} onChange={(e) => setComment(e.target.value)} />
          )}
        </Field>
        <fieldset disabled={status !== 'APPROVED'}>
          <legend>Next review</legend>
          {PRESETS.map((p) => (
            <label key={p.text} className="radio">
              <input
                type="radio"
                name="next-review"
                checked={months === p.months}
                onChange={() => setMonths(p.months)}
              />
              {p.text}
            </label>
          ))}
        </fieldset>
        <button type="submit" className="primary" disabled={busy} data-testid="decide">
          {busy ? 'Saving…' : `${{ APPROVED: 'Approve', REJECTED: 'Reject', CLOSED: 'Close' }[status]} the case`}
        </button>
      </form>
      {done ? (
        <p className="ok" role="status">
          {done}
        </p>
      ) : null}
      <ErrorBox error={error} onReload={() => void onDone().then(() => setError(null))} />
    </section>
  );
}

function CheckPanel({ check, version, onDone }: { check: Check; version: number; onDone: () => Promise<void> }) {
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [hitStatus, setHitStatus] = useState<AmlHitStatus>('FALSE_POSITIVE');
  const [comment, setComment] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const run = async (action: () => Promise<unknown>) => {
    setBusy(true);
    setError(null);
    try {
      await action();
      setSelected(new Set());
      setComment('');
      await onDone();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const toggle = (hitId: string) =>
    setSelected((old) => {
      const next = new Set(old);
      if (next.has(hitId)) next.delete(hitId);
      else next.add(hitId);
      return next;
    });
  const allSelected = check.amlHits.length > 0 && selected.size === check.amlHits.length;
  const headingId = `check-${check.id}`;

  return (
    <section className="check" aria-labelledby={headingId}>
      <h3 id={headingId}>
        {check.label} <span className="muted">({label(check.type)})</span>{' '}
        <span className={`badge check-${check.status.toLowerCase()}`}>{label(check.status)}</span>
      </h3>
      <p className="muted">
        {label(check.subjectType)}
        {check.reviewedAt ? ` · reviewed ${dateTime(check.reviewedAt)} by ${check.reviewedBy ?? '?'}` : ''}
        {check.isExcluded ? ' · excluded' : ''}
        {check.isDeactivated ? ' · deactivated' : ''}
      </p>
      {check.amlHits.length > 0 ? (
        <>
          <table className="hits">
            <caption className="sr-only">AML hits of {check.label}</caption>
            <thead>
              <tr>
                <th scope="col">
                  <input
                    type="checkbox"
                    aria-label="Select every hit"
                    checked={allSelected}
                    onChange={() =>
                      setSelected(allSelected ? new Set() : new Set(check.amlHits.map((h) => h.id)))
                    }
                  />
                </th>
                <th scope="col">Hit</th>
                <th scope="col">Lists</th>
                <th scope="col">Score</th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              {check.amlHits.map((h) => (
                <tr key={h.id}>
                  <td>
                    <input
                      type="checkbox"
                      aria-label={`Select ${h.name}`}
                      checked={selected.has(h.id)}
                      onChange={() => toggle(h.id)}
                    />
                  </td>
                  <td>{h.name}</td>
                  <td>{h.listTypes.map(label).join(', ')}</td>
                  <td>{h.score ?? '—'}</td>
                  <td>{label(h.status)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <div className="row">
            <Field text="Mark the selected hits as" className="inline">
              {(id) => (
                <select id={id} value={hitStatus} onChange={(e) => setHitStatus(e.target.value as AmlHitStatus)}>
                  {HIT_STATUSES.map((s) => (
                    <option key={s} value={s}>
                      {label(s)}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <button
              type="button"
              disabled={busy || selected.size === 0}
              onClick={() =>
                void run(() =>
                  request(ReviewHitsMutation, {
                    checkId: check.id,
                    expectedVersion: version,
                    decisions: [...selected].map((hitId) => ({ hitId, status: hitStatus })),
                  }),
                )
              }
            >
              Review {selected.size} hit{selected.size === 1 ? '' : 's'}
            </button>
          </div>
        </>
      ) : null}
      {check.documents.length > 0 ? <Documents docs={check.documents} /> : null}
      <div className="row">
        <Field text="Comment on this check" className="inline grow">
          {(id) => <input id={id} value={comment} onChange={(e) => setComment(e.target.value)} />}
        </Field>
        {(['APPROVED', 'REJECTED'] as const).map((s) => (
          <button
            key={s}
            type="button"
            disabled={busy}
            onClick={() =>
              void run(() =>
                request(ReviewCheckMutation, {
                  checkId: check.id,
                  status: s,
                  comment: comment.trim() || null,
                  expectedVersion: version,
                }),
              )
            }
          >
            {s === 'APPROVED' ? 'Approve check' : 'Reject check'}
          </button>
        ))}
      </div>
      <ErrorBox error={error} onReload={() => void onDone().then(() => setError(null))} />
    </section>
  );
}

function Documents({ docs }: { docs: Check['documents'] }) {
  return (
    <ul className="docs">
      {docs.map((d) => (
        <li key={d.id}>
          <a href={d.downloadUrl} target="_blank" rel="noopener noreferrer">
            {d.fileName}
          </a>{' '}
          <span className="muted">
            {label(d.type)} · {d.contentType} · {Math.ceil(d.size / 1024)} KiB · {label(d.verificationStatus)}
          </span>
        </li>
      ))}
    </ul>
  );
}

function Notes({ c, onDone }: { c: Case; onDone: () => Promise<void> }) {
  const [body, setBody] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  return (
    <section aria-labelledby="notes-title" className="panel">
      <h2 id="notes-title">Notes ({c.notes.totalCount})</h2>
      <ol className="timeline">
        {c.notes.nodes.map((n) => (
          <li key={n.id}>
            <div>{n.body}</div>
            <div className="muted">
              {n.authorId} · {dateTime(n.createdAt)}
            </div>
          </li>
        ))}
      </ol>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (!body.trim()) return;
          setBusy(true);
          request(AddNoteMutation, { caseId: c.id, body: body.trim() })
            .then(() => {
              setBody('');
              setError(null);
              return onDone();
            })
            .catch(setError)
            .finally(() => setBusy(false));
        }}
      >
        <Field text="New note">
          {(id) => <textarea id={id} name="note" rows={2} value={body} onChange={(e) => setBody(e.target.value)} />}
        </Field>
        <button type="submit" disabled={busy || !body.trim()}>
          Add note
        </button>
      </form>
      <ErrorBox error={error} />
    </section>
  );
}

type ReportLink = { url: string; fileName: string; expiresAt: string };

/** The case report (PDF for people, JSON for programs): a signed link, made on request. */
function Report({ caseId }: { caseId: string }) {
  const [link, setLink] = useState<ReportLink | null>(null);
  const [error, setError] = useState<unknown>(null);
  const make = async (format: ReportFormat) => {
    try {
      setLink((await request(CaseReportQuery, { caseId, format })).caseReport);
      setError(null);
    } catch (e) {
      setError(e);
    }
  };
  return (
    <section aria-labelledby="report-title" className="panel">
      <h2 id="report-title">Case report</h2>
      <p>
        <button type="button" onClick={() => void make('PDF')}>
          PDF report
        </button>{' '}
        <button type="button" onClick={() => void make('JSON')}>
          JSON report
        </button>
      </p>
      {link ? (
        <p data-testid="report-link">
          <a href={link.url} download={link.fileName}>
            Download {link.fileName}
          </a>{' '}
          <span className="muted">(link valid until {dateTime(link.expiresAt)})</span>
        </p>
      ) : null}
      <ErrorBox error={error} />
    </section>
  );
}

function Audit({ data }: { data: Data }) {
  const v = data.verifyAuditTrail;
  const events = [...data.case.auditTrail.nodes].reverse();
  return (
    <section aria-labelledby="audit-title" className="panel">
      <h2 id="audit-title">Audit trail ({data.case.auditTrail.totalCount})</h2>
      <p className={v.valid ? 'ok' : 'error'} data-testid="audit-verification" data-valid={v.valid}>
        {v.valid
          ? `✔ Verified: ${v.eventsChecked} events, hash chain intact.`
          : `✘ Broken at event ${v.firstBrokenEventId ?? '?'}: ${v.reason ?? 'unknown reason'}`}
      </p>
      <ol className="timeline audit" data-testid="audit-trail" data-count={data.case.auditTrail.totalCount}>
        {events.map((e) => (
          <li key={e.id}>
            <strong>{e.action}</strong> <span className="muted">#{e.seq}</span>
            <div className="muted">
              {e.entityType} · {e.actorId} ({label(e.actorType)}) · {dateTime(e.at)}
            </div>
          </li>
        ))}
      </ol>
    </section>
  );
}
