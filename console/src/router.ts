// Client-side routes under /console (the server answers every /console/… path with the
// console's page): `/console` is the queue, `/console/cases/<id>` a case.
import { useEffect, useState } from 'react';

export type Route = { page: 'queue'; search: string } | { page: 'case'; id: string };

function parse(): Route {
  const match = /^\/console\/cases\/([^/]+)\/?$/.exec(location.pathname);
  if (match) return { page: 'case', id: decodeURIComponent(match[1]) };
  return { page: 'queue', search: location.search };
}

export function navigate(path: string): void {
  history.pushState(null, '', path);
  window.dispatchEvent(new PopStateEvent('popstate'));
}

export function useRoute(): Route {
  const [route, setRoute] = useState(parse);
  useEffect(() => {
    const on = () => setRoute(parse());
    window.addEventListener('popstate', on);
    return () => window.removeEventListener('popstate', on);
  }, []);
  return route;
}

export function casePath(id: string): string {
  return `/console/cases/${encodeURIComponent(id)}`;
}

let queueUrl = '/console';

/** The queue as last shown (its filters), for the case page's way back. */
export function lastQueue(): string {
  return queueUrl;
}

export function rememberQueue(url: string): void {
  queueUrl = url;
}
