import type { HistoryWindow } from "../db/lag-history-query";
import { searchParamsOf } from "./api-schemas";
import { getConsoleContext } from "./context";
import { historyQuerySchema } from "./history-schemas";

/**
 * Shared plumbing of the history routes: the validated window (with the configured sampling
 * interval) and the database. History is read from the console's database only — a history
 * request never reaches the cluster, so it answers even while the cluster is down.
 */
export async function historyRequest(request: Request) {
  const { db, config } = await getConsoleContext();
  const query = historyQuerySchema.parse(searchParamsOf(request));
  const window: HistoryWindow = { ...query, sampleIntervalMs: config.sampleIntervalMs };
  return { db, config, window };
}
