/** A body pinbridge could not read, as the answer to send. */
export interface UnreadableBody {
  status: 400 | 413;
  error: { code: 'invalid_json' | 'payload_too_large'; message: string; path: string };
}

// sendBeacon refuses payloads over 64 KiB, and 25 events are far smaller; anything bigger is not
// from our hook.
export const MAX_BODY_BYTES = 64 * 1024;

const TOO_LARGE: UnreadableBody = {
  status: 413,
  error: { code: 'payload_too_large', message: `exceeds ${MAX_BODY_BYTES} bytes`, path: '' },
};

/**
 * Parses JSON text (sendBeacon posts it as text/plain, fetch as application/json).
 *
 * @example
 * const body = decodeJson(await request.text());
 * if ('error' in body) return Response.json({ error: body.error }, { status: body.status });
 */
export function decodeJson(text: string): { value: unknown } | UnreadableBody {
  if (text.length > MAX_BODY_BYTES) return TOO_LARGE;
  try {
    return { value: JSON.parse(text) };
  } catch {
    return { status: 400, error: { code: 'invalid_json', message: 'is not valid JSON', path: '' } };
  }
}

/**
 * The JSON body of a Web request; an oversized one is refused before it is read when its
 * Content-Length already says so.
 *
 * @example
 * const body = await readJsonBody(request);
 */
export async function readJsonBody(request: Request): Promise<{ value: unknown } | UnreadableBody> {
  if (Number(request.headers.get('content-length') ?? 0) > MAX_BODY_BYTES) return TOO_LARGE;
  return decodeJson(await request.text());
}
