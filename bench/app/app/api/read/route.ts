// A reference: what any JSON endpoint pays to read and parse the body, answering 204.
export async function POST(request: Request): Promise<Response> {
  await request.json();
  return new Response(null, { status: 204 });
}
