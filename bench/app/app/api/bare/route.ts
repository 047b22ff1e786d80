// The reference: a route handler on the same server that does nothing.
export function POST(): Response {
  return new Response(null, { status: 204 });
}
