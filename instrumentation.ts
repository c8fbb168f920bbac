/**
 * Runs once when the Next server process starts (Node runtime only): validates the configuration
 * so that a bad environment variable stops start-up with a clear message, and prepares the
 * console's database and the cluster registry before the first request.
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { startConsoleServer } = await import("./lib/console/server-start");
  await startConsoleServer();
}
