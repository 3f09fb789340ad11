// Calls to the query API (same origin, under /api). Signed in when the site config names a user pool.
import type {
  ErrorResponse,
  EventResponse,
  EventsResponse,
  IncidentDetailResponse,
  IncidentsResponse,
  OverviewResponse,
  PostmortemResponse,
  QuarantineResponse,
  ReliabilityResponse,
  SloStatusResponse,
  TimelineResponse,
} from '../../../lambda-src/query-api/api-types';
import { type AuthConfig, forgetToken, idToken, signIn } from './auth';

/** `/config.json`, written next to the page at deployment (no auth locally). */
export interface SiteConfig {
  readonly apiBase: string;
  readonly auth: AuthConfig | null;
  /** Shown in the header, e.g. "dev (no sign-in)". */
  readonly banner?: string;
}

export class ApiError extends Error {}

export class Api {
  constructor(private readonly config: SiteConfig) {}

  private get<T>(path: string, query: Record<string, string | undefined> = {}): Promise<T> {
    return this.call<T>('GET', path, query);
  }

  private async fetch(
    method: string,
    path: string,
    query: Record<string, string | undefined>,
    body?: unknown,
  ): Promise<Response> {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) if (v) params.set(k, v);
    const qs = params.toString();
    const headers: Record<string, string> = { accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (this.config.auth) headers.authorization = await idToken(this.config.auth);
    const res = await fetch(`${this.config.apiBase}${path}${qs ? `?${qs}` : ''}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (res.status === 401 && this.config.auth) {
      forgetToken();
      return signIn(this.config.auth);
    }
    return res;
  }

  private async call<T>(
    method: string,
    path: string,
    query: Record<string, string | undefined> = {},
    payload?: unknown,
  ): Promise<T> {
    const res = await this.fetch(method, path, query, payload);
    const body = (await res.json().catch(() => ({ error: `HTTP ${res.status}` }))) as T | ErrorResponse;
    if (!res.ok) {
      // API Gateway's own refusals carry `message`, the query API's `error` (and `problems`).
      const err = body as Partial<ErrorResponse> & { message?: string };
      const what = err.error ?? err.message ?? `HTTP ${res.status}`;
      throw new ApiError([what, ...(err.problems ?? [])].join(': '));
    }
    return body as T;
  }

  /** `env`: one environment (or `unattributed`); undefined = every environment. */
  overview(hours: number, env?: string): Promise<OverviewResponse> {
    return this.get('/overview', { hours: String(hours), env });
  }

  timeline(from: string, to: string, env?: string): Promise<TimelineResponse> {
    return this.get('/timeline', { from, to, env });
  }

  events(query: Record<string, string | undefined>): Promise<EventsResponse> {
    return this.get('/events', query);
  }

  quarantine(hours: number): Promise<QuarantineResponse> {
    return this.get('/quarantine', { hours: String(hours) });
  }

  event(id: string): Promise<EventResponse> {
    return this.get(`/events/${encodeURIComponent(id)}`);
  }

  incidents(days: number, env?: string): Promise<IncidentsResponse> {
    return this.get('/incidents', { days: String(days), env });
  }

  reliability(env?: string): Promise<ReliabilityResponse> {
    return this.get('/reliability', { env });
  }

  slos(env?: string): Promise<SloStatusResponse> {
    return this.get('/slos', { env });
  }

  incident(id: string): Promise<IncidentDetailResponse> {
    return this.get(`/incidents/${encodeURIComponent(id)}`);
  }

  /** The postmortem of an incident, or null when none was written yet. */
  async postmortem(incidentId: string): Promise<PostmortemResponse | null> {
    const res = await this.fetch('GET', `/postmortems/${encodeURIComponent(incidentId)}`, {});
    if (res.status === 404) return null;
    const body = (await res.json().catch(() => ({ error: `HTTP ${res.status}` }))) as PostmortemResponse &
      ErrorResponse;
    if (!res.ok) throw new ApiError([body.error, ...(body.problems ?? [])].join(': '));
    return body;
  }

  createPostmortem(incidentId: string): Promise<PostmortemResponse> {
    return this.call('POST', '/postmortems', {}, { incidentId });
  }

  updatePostmortem(incidentId: string, change: Record<string, unknown>): Promise<PostmortemResponse> {
    return this.call('PUT', `/postmortems/${encodeURIComponent(incidentId)}`, {}, change);
  }

  /**
   * A download (Markdown, CSV): fetched with the sign-in token, which a plain link could not send, then
   * saved under `filename`.
   */
  async download(path: string, query: Record<string, string | undefined>, filename: string): Promise<void> {
    const res = await this.fetch('GET', path, query);
    if (!res.ok) throw new ApiError(`download failed: HTTP ${res.status}`);
    const url = URL.createObjectURL(await res.blob());
    const a = document.createElement('a');
    a.href = url;
    a.download = filename;
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }
}
