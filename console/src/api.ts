// The console's GraphQL client: fetch for queries and mutations, graphql-ws for the live
// queue. The token lives in this tab's sessionStorage only.
import { createClient, type Client } from 'graphql-ws';
import type { TypedDocumentString } from './gql/graphql';

const TOKEN_KEY = 'casegraph.console.token';

export function storedToken(): string | null {
  return sessionStorage.getItem(TOKEN_KEY);
}

export function storeToken(token: string | null): void {
  if (token) sessionStorage.setItem(TOKEN_KEY, token);
  else sessionStorage.removeItem(TOKEN_KEY);
}

/** A GraphQL error as the user should see it: its message and `extensions.code`. */
export class ApiError extends Error {
  readonly code: string;
  readonly field: string | undefined;
  constructor(message: string, code: string, field?: string) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.field = field;
  }
}

interface GraphQLResponse<T> {
  data?: T | null;
  errors?: { message: string; extensions?: { code?: string; field?: string } }[];
}

export async function request<TResult, TVariables>(
  document: TypedDocumentString<TResult, TVariables>,
  variables: TVariables,
): Promise<TResult> {
  const token = storedToken();
  let response: Response;
  try {
    response = await fetch('/graphql', {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        Accept: 'application/graphql-response+json, application/json',
        ...(token ? { Authorization: `Bearer ${token}` } : {}),
      },
      body: JSON.stringify({ query: document.toString(), variables }),
    });
  } catch (e) {
    throw new ApiError(`The server could not be reached (${String(e)})`, 'NETWORK');
  }
  let body: GraphQLResponse<TResult>;
  try {
    body = (await response.json()) as GraphQLResponse<TResult>;
  } catch {
    throw new ApiError(`The server answered HTTP ${response.status}`, `HTTP_${response.status}`);
  }
  const first = body.errors?.[0];
  if (first) {
    throw new ApiError(first.message, first.extensions?.code ?? 'UNKNOWN', first.extensions?.field);
  }
  if (!body.data) throw new ApiError(`The server answered HTTP ${response.status}`, 'UNKNOWN');
  return body.data;
}

let wsClient: Client | null = null;
let wsToken: string | null = null;

/** One graphql-ws client per token, reconnecting on its own. */
function client(): Client {
  const token = storedToken();
  if (!wsClient || wsToken !== token) {
    void wsClient?.dispose();
    wsToken = token;
    const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
    wsClient = createClient({
      url: `${scheme}//${location.host}/graphql/ws`,
      connectionParams: { Authorization: `Bearer ${token ?? ''}` },
      retryAttempts: Infinity,
      shouldRetry: () => true,
      lazy: true,
    });
  }
  return wsClient;
}

/** Subscribes; returns the function that ends the subscription. */
export function subscribe<TResult, TVariables>(
  document: TypedDocumentString<TResult, TVariables>,
  variables: TVariables,
  onData: (data: TResult) => void,
  onState: (connected: boolean) => void,
): () => void {
  const c = client();
  const offConnected = c.on('connected', () => onState(true));
  const offClosed = c.on('closed', () => onState(false));
  const stop = c.subscribe<TResult>(
    { query: document.toString(), variables: variables as Record<string, unknown> },
    {
      next: (value) => {
        if (value.data) onData(value.data);
      },
      error: () => onState(false),
      complete: () => onState(false),
    },
  );
  return () => {
    stop();
    offConnected();
    offClosed();
  };
}

export function disconnect(): void {
  void wsClient?.dispose();
  wsClient = null;
  wsToken = null;
}
