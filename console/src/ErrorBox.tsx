import { ApiError } from './api';

/** An error as the API gave it: message and code; a CONFLICT offers to reload. */
export function ErrorBox({ error, onReload }: { error: unknown; onReload?: () => void }) {
  if (!error) return null;
  const code = error instanceof ApiError ? error.code : 'ERROR';
  const message = error instanceof Error ? error.message : String(error);
  const field = error instanceof ApiError ? error.field : undefined;
  return (
    <div className="error" role="alert" data-code={code}>
      <strong className="error-code">{code}</strong> {message}
      {field ? <span className="error-field"> (field: {field})</span> : null}
      {code === 'CONFLICT' && onReload ? (
        <p>
          Someone else changed this case since you opened it.{' '}
          <button type="button" onClick={onReload}>
            Reload the case
          </button>
        </p>
      ) : null}
    </div>
  );
}
