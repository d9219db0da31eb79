// Small display helpers.
const ACRONYMS = new Set(['KYB', 'KYC', 'AML', 'PEP', 'UBO', 'API']);

export function label(value: string): string {
  if (ACRONYMS.has(value)) return value;
  const words = value.toLowerCase().replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export function date(value: string | null | undefined): string {
  if (!value) return '—';
  return value.slice(0, 10);
}

export function dateTime(value: string | null | undefined): string {
  if (!value) return '—';
  return `${value.slice(0, 10)} ${value.slice(11, 16)} UTC`;
}

export function person(user: { name?: string | null; subject: string } | null | undefined): string {
  if (!user) return 'Unassigned';
  return user.name || user.subject;
}

/** A date `months` from today, as an RFC 3339 time at midnight UTC. */
export function monthsFromNow(months: number): string {
  const d = new Date();
  d.setUTCHours(0, 0, 0, 0);
  d.setUTCMonth(d.getUTCMonth() + months);
  return d.toISOString().replace('.000Z', 'Z');
}

export function percent(value: number | null | undefined): string {
  if (value === null || value === undefined) return '';
  return `${Number.isInteger(value) ? value : value.toFixed(2)}%`;
}
