// Calls to the query API (same origin, under /api). Signed in when the site config names a user pool.
import type {
  ErrorResponse,
  EventResponse,
  EventsResponse,
  OverviewResponse,
  QuarantineResponse,
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

  private async get<T>(path: string, query: Record<string, string | undefined> = {}): Promise<T> {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) if (v) params.set(k, v);
    const qs = params.toString();
    const headers: Record<string, string> = { accept: 'application/json' };
    if (this.config.auth) headers.authorization = await idToken(this.config.auth);
    const res = await fetch(`${this.config.apiBase}${path}${qs ? `?${qs}` : ''}`, { headers });
    if (res.status === 401 && this.config.auth) {
      forgetToken();
      return signIn(this.config.auth);
    }
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
}
