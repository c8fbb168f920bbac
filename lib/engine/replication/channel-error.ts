/** The broker's answer could not be had: connection refused, closed, timed out, or garbled. */
export class ChannelError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ChannelError";
  }
}
