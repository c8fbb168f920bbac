import { registeredCluster, type RegisteredCluster } from "./clusters";
import { getConsoleContext } from "./context";
import { handle, jsonError, notFound } from "./http";

/**
 * Shared plumbing of the REST API's route handlers: resolve the cluster named in the path (404
 * naming it when it is not registered), then run the handler inside `handle` so every failure
 * comes out in the one error shape.
 */
export function clusterRoute(id: string, fn: (cluster: RegisteredCluster) => Promise<Response>): Promise<Response> {
  return handle(async () => {
    const cluster = await registeredCluster(id);
    if (!cluster) return notFound(`There is no registered cluster "${id}".`);
    return fn(cluster);
  });
}

/** 403 when PIER_READ_ONLY=1, else undefined. */
export async function readOnlyRefusal(): Promise<Response | undefined> {
  const { config } = await getConsoleContext();
  if (!config.readOnly) return undefined;
  return jsonError(403, "read_only", "The console runs with PIER_READ_ONLY=1: changes are turned off.");
}

/** A request body as JSON, or a 400. */
export async function jsonBody(request: Request): Promise<unknown> {
  try {
    return await request.json();
  } catch {
    throw new BodyError("The request body is not valid JSON.");
  }
}

export class BodyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "BodyError";
  }
}
