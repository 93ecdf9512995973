// What undici hands openapi-fetch: a Response whose body streams in as the socket delivers it.
// The chunks are views of the recorded bytes, as received bytes are the response itself; a
// Response over one Uint8Array would copy them first, which a real fetch never does.

/** What one socket read typically hands undici. */
const CHUNK_BYTES = 64 * 1024;

export function recordedResponse(bytes: Uint8Array): Response {
  let offset = 0;
  // Not a byte stream: enqueueing into one would detach (transfer) the recorded bytes.
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      controller.enqueue(bytes.subarray(offset, offset + CHUNK_BYTES));
      offset += CHUNK_BYTES;
      if (offset >= bytes.byteLength) controller.close();
    },
  });
  return new Response(body, { status: 200, headers: { "Content-Type": "application/json" } });
}
