// A reference: reads the body like /api/read, and answers a 202 JSON body the size of
// /api/pin's, doing nothing else.
export async function POST(request: Request): Promise<Response> {
  const body = await request.json();
  const event_ids = body.events.map((event: { event_id: string }) => event.event_id);
  return Response.json({ accepted: event_ids.length, event_ids }, { status: 202 });
}
