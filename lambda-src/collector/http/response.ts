// Small JSON answers: senders log them, nobody parses much more than the status.
export interface HttpResponse {
  readonly statusCode: number;
  readonly headers: Record<string, string>;
  readonly body: string;
}

export function jsonResponse(
  statusCode: number,
  body: object,
  headers: Record<string, string> = {},
): HttpResponse {
  return {
    statusCode,
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  };
}

/** A refusal that needs no database: the reason goes back to the sender. */
export function errorResponse(
  statusCode: number,
  error: string,
  headers?: Record<string, string>,
): HttpResponse {
  return jsonResponse(statusCode, { error }, headers);
}
