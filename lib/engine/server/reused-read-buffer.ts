import net from "node:net";

/** The parts of an accepted net.Socket's libuv handle this module relies on (Node internals). */
interface StreamHandle {
  readStart(): number;
  useUserBuffer(buffer: Uint8Array): void;
}

/**
 * Reads an accepted connection into `buffer`, a buffer the caller reuses, instead of a new one
 * per read.
 *
 * Why: Node reads a socket into a fresh 64 KB buffer outside V8's heap on every read. Under produce
 * load that is ~100 MB of such buffers per million 100-byte records, and V8 answers that much
 * external memory with frequent full garbage collections — the largest cost in the broker's
 * produce path. net.Socket's documented `onread` option (read into one caller-supplied buffer and
 * hand each chunk to a callback) removes the allocation, but Node offers it only to sockets it
 * connects, not to the ones a net.Server accepts.
 *
 * How: the listener accepts with `pauseOnConnect` (nothing has been read yet); the accepted
 * socket's handle is moved into a new net.Socket created with `onread`, and the emptied original
 * is destroyed (which only updates the net.Server's connection count). This touches one internal
 * field, `_handle`; if it does not look as expected (another Node version), `undefined` is
 * returned, the original socket is untouched, and the caller reads through 'data' events.
 *
 * Ownership: `onChunk` gets a view of `buffer` that is overwritten by the next read of any socket
 * sharing it, so it must not be referenced once `onChunk` returns (FrameReader copies what it keeps).
 * Reads happen one at a time on the event loop, so one buffer can serve every connection.
 */
export function adoptWithReusedReadBuffer(
  accepted: net.Socket,
  buffer: Buffer,
  onChunk: (chunk: Buffer) => void,
): net.Socket | undefined {
  const internals = accepted as unknown as { _handle?: Partial<StreamHandle> | null };
  const handle = internals._handle;
  if (typeof handle?.useUserBuffer !== "function" || typeof handle.readStart !== "function") return undefined;
  internals._handle = null;
  accepted.destroy();
  const options = {
    handle,
    readable: true,
    writable: true,
    onread: {
      buffer,
      callback: (bytes: number) => {
        onChunk(buffer.subarray(0, bytes));
        return true;
      },
    },
  };
  return new net.Socket(options as net.SocketConstructorOpts);
}
