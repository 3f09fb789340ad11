// Opaque page cursor: the (occurredAt, id) of the last event of a page, base64url-encoded JSON. Keyset
// pagination stays stable while new events arrive, and each page is one index range scan.
export interface CursorPosition {
  readonly occurredAt: string;
  readonly id: string;
}

export function encodeCursor(position: CursorPosition): string {
  return Buffer.from(JSON.stringify([position.occurredAt, position.id]), 'utf8').toString('base64url');
}

/** The position a cursor names, or null when the text is not a cursor this API made. */
export function decodeCursor(cursor: string): CursorPosition | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    parsed = undefined;
  }
  if (
    !Array.isArray(parsed) ||
    parsed.length !== 2 ||
    typeof parsed[0] !== 'string' ||
    typeof parsed[1] !== 'string' ||
    Number.isNaN(Date.parse(parsed[0]))
  ) {
    return null;
  }
  return { occurredAt: parsed[0], id: parsed[1] };
}
