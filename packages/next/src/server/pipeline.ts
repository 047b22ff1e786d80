import { acceptEvents } from './accept.js';
import { contentLengthRefusal } from './body-limit.js';
import { shapeProblem } from './check-shape.js';
import { contentTypeRefusal } from './content-type.js';
import { decodeBody, type RawBody } from './decode-body.js';
import type { PinterestPipelineOptions } from './options.js';
import { parseBody } from './parse-body.js';
import { isRefusal, type Refusal, refuse } from './refusal.js';
import { originRefusal } from './same-origin.js';
import { type PipelineSettings, resolveSettings } from './settings.js';
import type { PinterestUser } from './user.js';

export type { PinterestPipelineOptions } from './options.js';

/** A request, reduced to what the pipeline needs, so either router's adapter can supply one. */
export interface PinRequest<Req = Request> {
  /** The framework's request, handed to your `consent` and `ldp.getRegion` functions. */
  raw: Req;
  /** The request URL when the framework has one (App Router); the Host header stands in otherwise. */
  url?: string;
  headers: Headers;
  /** The visitor IP; a function, so that a throwing `getClientIp` is caught like any other bug. */
  ip: () => string | undefined;
  /** Whether the page was served over https (cookies then get Secure). */
  secure: boolean;
  /** Reads the body, stopping past `maxBytes` with a 413. */
  readBody: (maxBytes: number) => Promise<RawBody | Refusal>;
  getUser?: () => PinterestUser | null | undefined | Promise<PinterestUser | null | undefined>;
}

/** The answer to send now, and the delivery to run after it. */
export interface PinResponse {
  status: number;
  body: Record<string, unknown>;
  /** Extra response headers (Retry-After, Connection). */
  headers?: Record<string, string>;
  delivery?: Promise<void>;
  /** Set-Cookie headers for the ids the proxy could not set (consent given after landing). */
  setCookies?: string[];
}

const describe = (error: unknown) => (error instanceof Error ? error.name : typeof error);

// Cheap checks first: a cross-site, throttled, mistyped or oversized request costs no body read.
async function handle<Req>(request: PinRequest<Req>, settings: PipelineSettings<Req>) {
  const { options, maxBodyBytes } = settings;
  const ip = request.ip();
  const early =
    originRefusal(request.headers, request.url, options.allowedOrigins) ??
    settings.limit(ip) ??
    contentTypeRefusal(request.headers.get('content-type')) ??
    contentLengthRefusal(request.headers, maxBodyBytes);
  if (early) return early;
  const raw = await request.readBody(maxBodyBytes);
  if (isRefusal(raw)) return raw;
  const decoded = decodeBody(raw, maxBodyBytes);
  if (isRefusal(decoded)) return decoded;
  const shape = shapeProblem(decoded.value, settings.shapeLimits);
  if (shape) return shape;
  const parsed = parseBody(decoded.value, options);
  if (!parsed.ok) return { status: 400, error: parsed.error };
  return acceptEvents(parsed.events, request, ip, settings);
}

/**
 * The `/api/pin` pipeline both routers share: origin, rate limit, content type, size, UTF-8,
 * JSON, shape and wire checks, then bots, consent, time clamping, LDP, building and delivery.
 * Any refusal is a 4xx `{ error: { code, message, path } }`; an unexpected exception is reported
 * (`stage: 'internal'`) and answered 400 `internal_error`, never 5xx, and sends nothing.
 *
 * @example
 * const handle = createPinPipeline(options);
 * const { status, body, headers, delivery } = await handle({ raw: request, headers, ip, … });
 */
export function createPinPipeline<Req>(
  options: PinterestPipelineOptions<Req>,
): (request: PinRequest<Req>) => Promise<PinResponse> {
  const settings = resolveSettings(options);
  return async (request) => {
    let outcome: PinResponse | Refusal;
    try {
      outcome = await handle(request, settings);
    } catch (error) {
      const message = `${describe(error)} while handling a request; nothing was sent`;
      settings.report({ stage: 'internal', message, count: 0, event_ids: [] });
      outcome = refuse(400, 'internal_error', 'could not be processed; the server reported why');
    }
    if (!isRefusal(outcome)) return outcome;
    const { status, error, headers } = outcome;
    settings.debug('refused', { status, code: error.code, path: error.path });
    return { status, body: { error }, headers };
  };
}
