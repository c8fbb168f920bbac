import { ConfigError } from "../config/env";
import { getConsoleContext } from "./context";

const store = globalThis as unknown as { pierServerStarted?: Promise<void> };

/**
 * Start-up of the console's server process, guarded by a globalThis singleton so a second call
 * (Next may evaluate instrumentation more than once) is a no-op. A configuration error ends the
 * process with the message instead of serving a console that cannot work.
 */
export function startConsoleServer(): Promise<void> {
  store.pierServerStarted ??= (async () => {
    try {
      await getConsoleContext();
    } catch (error) {
      if (error instanceof ConfigError) {
        console.error(`pier: ${error.message}`);
        process.exit(1);
      }
      throw error;
    }
  })();
  return store.pierServerStarted;
}
