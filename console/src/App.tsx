import { useCallback, useEffect, useMemo, useState } from 'react';
import { ApiError, disconnect, request, storeToken, storedToken } from './api';
import { ViewerQuery } from './operations';
import type { ConsoleViewerQuery } from './gql/graphql';
import { ErrorBox } from './ErrorBox';
import { navigate, useRoute } from './router';
import { Queue } from './Queue';
import { CasePage } from './CasePage';
import { label, person } from './format';

type Viewer = ConsoleViewerQuery['viewer'];

export function App() {
  const [viewer, setViewer] = useState<Viewer | null>(null);
  const [checking, setChecking] = useState(() => storedToken() !== null);
  const [error, setError] = useState<unknown>(null);
  const route = useRoute();

  const signIn = useCallback(async (token: string) => {
    storeToken(token);
    setChecking(true);
    setError(null);
    try {
      const data = await request(ViewerQuery, {});
      setViewer(data.viewer);
    } catch (e) {
      storeToken(null);
      setViewer(null);
      setError(e);
    } finally {
      setChecking(false);
    }
  }, []);

  useEffect(() => {
    const token = storedToken();
    if (token) void signIn(token);
  }, [signIn]);

  const signOut = () => {
    storeToken(null);
    disconnect();
    setViewer(null);
  };

  const me = useMemo(() => (viewer ? [viewer.user.id, viewer.user.subject] : []), [viewer]);
  if (!viewer) {
    return <SignIn busy={checking} error={error} onSignIn={signIn} />;
  }
  return (
    <div className="app">
      <header className="topbar">
        <a
          className="brand"
          href="/console"
          onClick={(e) => {
            e.preventDefault();
            navigate('/console');
          }}
        >
          CaseGraph <span>reviewer console</span>
        </a>
        <span className="who" data-testid="viewer">
          {person(viewer.user)} · {label(viewer.role)} · workspace {viewer.workspace.name}
        </span>
        <button type="button" onClick={signOut}>
          Sign out
        </button>
      </header>
      <main>
        {route.page === 'case' ? (
          <CasePage key={route.id} id={route.id} me={me} />
        ) : (
          <Queue viewer={viewer} />
        )}
      </main>
    </div>
  );
}

function SignIn({
  busy,
  error,
  onSignIn,
}: {
  busy: boolean;
  error: unknown;
  onSignIn: (token: string) => void;
}) {
  const [token, setToken] = useState('');
  const refused = error instanceof ApiError && error.code === 'UNAUTHENTICATED';
  return (
    <main className="signin">
      <h1>CaseGraph reviewer console</h1>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          const t = token.trim().replace(/^Bearer\s+/i, '');
          if (t) onSignIn(t);
        }}
      >
        <label htmlFor="token">Access token</label>
        <textarea
          id="token"
          name="token"
          rows={4}
          value={token}
          autoFocus
          spellCheck={false}
          onChange={(e) => setToken(e.target.value)}
          aria-describedby="token-help"
        />
        <p id="token-help" className="help">
          Paste the token <code>casegraph serve</code> printed, or mint one with{' '}
          <code>casegraph token --workspace demo --role reviewer</code>. It is kept in this tab only
          (sessionStorage) and sent to this server alone.
        </p>
        <button type="submit" disabled={busy || token.trim() === ''}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
      {refused ? <p className="help">The server refused this token.</p> : null}
      <ErrorBox error={error} />
    </main>
  );
}
