import type { Json } from "./openapi-parts";

/**
 * Merges OpenAPI path maps method by method, so an area's file can add a POST to a path whose GET
 * another file documents (a plain object spread would replace the whole path item).
 */
export function mergePaths(...maps: Json[]): Json {
  const merged: Record<string, Json> = {};
  for (const map of maps) {
    for (const [path, item] of Object.entries(map)) {
      merged[path] = { ...merged[path], ...(item as Json) };
    }
  }
  return merged;
}
