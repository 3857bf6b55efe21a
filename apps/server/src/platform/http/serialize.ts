/**
 * Both database adapters return timestamps as PostgreSQL text. The wire format is ISO-8601:
 * naive `timestamp` columns without offset (`2025-10-01T12:34:56.123456`), `timestamptz`
 * columns with one (`2025-10-01T12:34:56.123456+00:00`).
 */
export function isoNaive(value: string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  return value.replace(' ', 'T');
}

export function isoTz(value: string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  const t = value.replace(' ', 'T');
  // PostgreSQL prints `+00` / `+05:30`; ISO-8601 consumers want `+00:00`.
  return /[+-]\d{2}$/.test(t) ? `${t}:00` : t;
}

/** The current time as a naive UTC ISO string (what `timestamp` columns hold). */
export function nowNaive(): string {
  return new Date().toISOString().replace('Z', '');
}

/**
 * URL-safe base64 (with `=` padding) of JSON with sorted keys and `", "` / `": "` separators:
 * byte-for-byte the cursor format clients of the original already hold.
 */
export function encodeCursor(payload: Record<string, unknown>): string {
  const body = Object.keys(payload)
    .sort()
    .map((k) => `${JSON.stringify(k)}: ${JSON.stringify(payload[k])}`)
    .join(', ');
  const b64 = Buffer.from(`{${body}}`, 'utf8').toString('base64url');
  return b64 + '='.repeat((4 - (b64.length % 4)) % 4);
}

export function decodeCursor(cursor: string): Record<string, unknown> | null {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}
