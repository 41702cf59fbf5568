import { lang } from './i18n';

function locale(): string {
  return lang() === 'fr' ? 'fr-FR' : 'en-GB';
}

export function euros(n: number | null | undefined): string {
  const v = Number(n ?? 0);
  return new Intl.NumberFormat(locale(), { style: 'currency', currency: 'EUR', maximumFractionDigits: 2 }).format(v);
}

/** ISO date (YYYY-MM-DD or full ISO) to a readable local date. */
export function date(iso: string | null | undefined): string {
  if (!iso) return '';
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  if (!m) return iso;
  const d = new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  const hasTime = /T\d{2}:\d{2}/.test(iso);
  if (hasTime) {
    const full = new Date(iso);
    if (!Number.isNaN(full.getTime())) {
      return new Intl.DateTimeFormat(locale(), { dateStyle: 'medium', timeStyle: 'short' }).format(full);
    }
  }
  return new Intl.DateTimeFormat(locale(), { dateStyle: 'medium' }).format(d);
}

/** Whole days from today (local) to an ISO date; negative if past. */
export function daysUntil(iso: string | null | undefined): number | null {
  if (!iso) return null;
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  if (!m) return null;
  const target = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  const now = new Date();
  const today = Date.UTC(now.getFullYear(), now.getMonth(), now.getDate());
  return Math.round((target - today) / 86400000);
}

/** Date input value (YYYY-MM-DD) from an ISO string. */
export function dateInput(iso: string | null | undefined): string {
  return iso ? iso.slice(0, 10) : '';
}

/** A plain number in the interface language (up to 2 decimals). */
export function number(n: number | null | undefined): string {
  if (n == null || Number.isNaN(Number(n))) return '';
  return new Intl.NumberFormat(locale(), { maximumFractionDigits: 2 }).format(Number(n));
}

/** A signed difference (+3, −1,5). */
export function signed(n: number): string {
  return new Intl.NumberFormat(locale(), { maximumFractionDigits: 2, signDisplay: 'exceptZero' }).format(n);
}

/** A file size: 512 o, 12,5 Kio, 1,2 Mio (B / KiB / MiB in English). */
export function bytes(n: number | null | undefined): string {
  const v = Number(n ?? 0);
  const [b, k, m] = lang() === 'fr' ? ['o', 'Kio', 'Mio'] : ['B', 'KiB', 'MiB'];
  if (v < 1024) return `${number(v)} ${b}`;
  if (v < 1024 * 1024) return `${new Intl.NumberFormat(locale(), { maximumFractionDigits: 1 }).format(v / 1024)} ${k}`;
  return `${new Intl.NumberFormat(locale(), { maximumFractionDigits: 1 }).format(v / (1024 * 1024))} ${m}`;
}
