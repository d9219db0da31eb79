// The work queue: the `cases` connection with CaseFilter's filters, an order, cursor pages
// and the total; live through `workspaceEvents`. Filters live in the URL, so the back
// button from a case returns to the same queue.
import { useCallback, useEffect, useRef, useState } from 'react';
import { request, subscribe } from './api';
import { CasesQuery, WorkspaceEventsSubscription } from './operations';
import type {
  CaseFilter,
  CaseOrder,
  ConsoleCasesQuery,
  ConsoleCasesQueryVariables,
  ConsoleViewerQuery,
} from './gql/graphql';
import { FLAGS, PRIORITIES, RISK_LEVELS, STATUSES, TYPES } from './enums';
import { casePath, navigate, rememberQueue } from './router';
import { date, label, person } from './format';
import { ErrorBox } from './ErrorBox';
import { Field } from './Field';

const PAGE = 20;

const SORTS: Record<string, { text: string; order: CaseOrder }> = {
  created_desc: { text: 'Created, newest first', order: { field: 'CREATED_AT', direction: 'DESC' } },
  created_asc: { text: 'Created, oldest first', order: { field: 'CREATED_AT', direction: 'ASC' } },
  due_asc: { text: 'Due date, soonest first', order: { field: 'DUE_AT', direction: 'ASC' } },
  due_desc: { text: 'Due date, latest first', order: { field: 'DUE_AT', direction: 'DESC' } },
};

interface Filters {
  status: string;
  type: string;
  priority: string;
  flag: string;
  risk: string;
  assignee: string;
  due: string;
  q: string;
  sort: string;
}

const KEYS: (keyof Filters)[] = ['status', 'type', 'priority', 'flag', 'risk', 'assignee', 'due', 'q', 'sort'];

function readFilters(): Filters {
  const p = new URLSearchParams(location.search);
  const f = Object.fromEntries(KEYS.map((k) => [k, p.get(k) ?? ''])) as unknown as Filters;
  if (!SORTS[f.sort]) f.sort = 'created_desc';
  return f;
}

function writeFilters(f: Filters): void {
  const p = new URLSearchParams();
  for (const k of KEYS) if (f[k] && !(k === 'sort' && f[k] === 'created_desc')) p.set(k, f[k]);
  const qs = p.toString();
  const url = `/console${qs ? `?${qs}` : ''}`;
  rememberQueue(url);
  history.replaceState(null, '', url);
}

function toFilter(f: Filters, me: string): CaseFilter {
  const filter: CaseFilter = {};
  if (f.status) filter.status = [f.status as never];
  if (f.type) filter.type = [f.type as never];
  if (f.priority) filter.priority = [f.priority as never];
  if (f.flag) filter.flags = [f.flag as never];
  if (f.risk) filter.riskLevel = [f.risk as never];
  if (f.assignee) filter.assigneeId = f.assignee === 'me' ? me : f.assignee;
  if (f.due) filter.dueBefore = `${f.due}T00:00:00Z`;
  if (f.q.trim()) filter.search = f.q.trim();
  return filter;
}

type Page = { after?: string; before?: string };
type Cases = ConsoleCasesQuery['cases'];

export function Queue({ viewer }: { viewer: ConsoleViewerQuery['viewer'] }) {
  const [filters, setFilters] = useState<Filters>(readFilters);
  const [search, setSearch] = useState(filters.q);
  const [page, setPage] = useState<Page>({});
  const [cases, setCases] = useState<Cases | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(false);
  const [live, setLive] = useState(false);
  const [fresh, setFresh] = useState<Set<string>>(new Set());
  const [assignees, setAssignees] = useState<Map<string, string>>(new Map());
  const seq = useRef(0);
  const known = useRef<Set<string> | null>(null);

  const load = useCallback(async () => {
    const mine = ++seq.current;
    setLoading(true);
    const variables: ConsoleCasesQueryVariables = {
      filter: toFilter(filters, viewer.user.id),
      orderBy: SORTS[filters.sort].order,
      ...(page.before ? { last: PAGE, before: page.before } : { first: PAGE, after: page.after }),
    };
    try {
      const data = await request(CasesQuery, variables);
      if (mine !== seq.current) return;
      const ids = data.cases.nodes.map((c) => c.id);
      if (known.current) {
        const added = ids.filter((id) => !known.current?.has(id));
        if (added.length) setFresh((old) => new Set([...old, ...added]));
      }
      known.current = new Set([...(known.current ?? []), ...ids]);
      setAssignees((old) => {
        const next = new Map(old);
        for (const c of data.cases.nodes) if (c.assignee) next.set(c.assignee.id, person(c.assignee));
        return next;
      });
      setCases(data.cases);
      setError(null);
    } catch (e) {
      if (mine === seq.current) setError(e);
    } finally {
      if (mine === seq.current) setLoading(false);
    }
  }, [filters, page, viewer.user.id]);

  useEffect(() => {
    writeFilters(filters);
    void load();
  }, [filters, load]);

  // Live: any change to a case of the workspace reloads the page shown (at most every 300 ms).
  const loadRef = useRef(load);
  loadRef.current = load;
  useEffect(() => {
    let timer: number | undefined;
    const stop = subscribe(
      WorkspaceEventsSubscription,
      {
        types: [
          'CASE_CREATED',
          'CASE_UPDATED',
          'CASE_STATUS_CHANGED',
          'CASE_ASSIGNED',
          'CASE_DELETED',
          'REVIEW_CREATED',
          'RISK_UPDATED',
        ],
      },
      () => {
        window.clearTimeout(timer);
        timer = window.setTimeout(() => void loadRef.current(), 300);
      },
      setLive,
    );
    return () => {
      window.clearTimeout(timer);
      stop();
    };
  }, []);

  // The search box applies 300 ms after the last key.
  useEffect(() => {
    if (search === filters.q) return;
    const t = window.setTimeout(() => {
      setPage({});
      setFilters((f) => ({ ...f, q: search }));
    }, 300);
    return () => window.clearTimeout(t);
  }, [search, filters.q]);

  const set = (key: keyof Filters) => (e: { target: { value: string } }) => {
    setPage({});
    setFilters((f) => ({ ...f, [key]: e.target.value }));
  };

  const select = (key: keyof Filters, text: string, options: string[]) => (
    <Field text={text}>
      {(id) => (
        <select id={id} name={key} value={filters[key]} onChange={set(key)}>
          <option value="">Any</option>
          {options.map((o) => (
            <option key={o} value={o}>
              {label(o)}
            </option>
          ))}
        </select>
      )}
    </Field>
  );

  return (
    <section className="queue" aria-labelledby="queue-title">
      <div className="queue-head">
        <h1 id="queue-title">Work queue</h1>
        <span className={`live ${live ? 'on' : ''}`} data-testid="live" data-live={live}>
          {live ? '● Live' : '○ Connecting…'}
        </span>
        <span className="count" data-testid="total-count" aria-live="polite">
          {cases ? `${cases.totalCount} case${cases.totalCount === 1 ? '' : 's'}` : ''}
        </span>
      </div>
      <form className="filters" role="search" aria-label="Filter the queue" onSubmit={(e) => e.preventDefault()}>
        <Field text="Search" className="grow">
          {(id) => (
            <input
              id={id}
              type="search"
              name="q"
              placeholder="Name or external id"
              value={search}
              onChange={(e) => setSearch(e.target.value)}
            />
          )}
        </Field>
        {select('status', 'Status', STATUSES)}
        {select('type', 'Type', TYPES)}
        {select('priority', 'Priority', PRIORITIES)}
        {select('risk', 'Risk level', RISK_LEVELS)}
        {select('flag', 'Flag', FLAGS)}
        <Field text="Assignee">
          {(fieldId) => (
            <select id={fieldId} name="assignee" value={filters.assignee} onChange={set('assignee')}>
              <option value="">Anyone</option>
              <option value="me">Me</option>
              {[...assignees].map(([id, name]) => (
                <option key={id} value={id}>
                  {name}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field text="Due before">
          {(id) => <input id={id} type="date" name="due" value={filters.due} onChange={set('due')} />}
        </Field>
        <Field text="Sort">
          {(id) => (
            <select id={id} name="sort" value={filters.sort} onChange={set('sort')}>
              {Object.entries(SORTS).map(([k, s]) => (
                <option key={k} value={k}>
                  {s.text}
                </option>
              ))}
            </select>
          )}
        </Field>
      </form>
      <ErrorBox error={error} />
      <div className="table-wrap" aria-busy={loading}>
        <table className="cases" data-testid="cases">
          <thead>
            <tr>
              <th scope="col">Case</th>
              <th scope="col">Type</th>
              <th scope="col">Status</th>
              <th scope="col">Priority</th>
              <th scope="col">Risk</th>
              <th scope="col">Flags</th>
              <th scope="col">Assignee</th>
              <th scope="col">Due</th>
              <th scope="col">Created</th>
            </tr>
          </thead>
          <tbody>
            {cases?.nodes.map((c) => (
              <tr key={c.id} className={fresh.has(c.id) ? 'fresh' : undefined} data-case-id={c.id}>
                <td>
                  <a
                    href={casePath(c.id)}
                    onClick={(e) => {
                      if (e.metaKey || e.ctrlKey || e.shiftKey) return;
                      e.preventDefault();
                      navigate(casePath(c.id));
                    }}
                  >
                    {c.name}
                  </a>
                  {c.externalId ? <div className="muted">{c.externalId}</div> : null}
                </td>
                <td>{label(c.type)}</td>
                <td>
                  <span className={`badge status-${c.status.toLowerCase()}`}>{label(c.status)}</span>
                </td>
                <td>{label(c.priority)}</td>
                <td>
                  <span className={`badge risk-${c.riskLevel.toLowerCase()}`}>{label(c.riskLevel)}</span>
                </td>
                <td className="flags">{c.flags.map(label).join(', ')}</td>
                <td>{person(c.assignee)}</td>
                <td>{date(c.dueAt)}</td>
                <td>{date(c.createdAt)}</td>
              </tr>
            ))}
            {cases && cases.nodes.length === 0 ? (
              <tr>
                <td colSpan={9} className="empty">
                  No case matches these filters.
                </td>
              </tr>
            ) : null}
          </tbody>
        </table>
      </div>
      <nav className="pager" aria-label="Pages">
        <button
          type="button"
          disabled={!cases?.pageInfo.startCursor || (page.before ? !cases.pageInfo.hasPreviousPage : !page.after)}
          onClick={() => cases?.pageInfo.startCursor && setPage({ before: cases.pageInfo.startCursor })}
        >
          ← Previous page
        </button>
        <button
          type="button"
          disabled={!cases?.pageInfo.endCursor || (!page.before && !cases.pageInfo.hasNextPage)}
          onClick={() => cases?.pageInfo.endCursor && setPage({ after: cases.pageInfo.endCursor })}
        >
          Next page →
        </button>
      </nav>
    </section>
  );
}
