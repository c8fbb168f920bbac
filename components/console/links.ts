/** URLs of the console's pages (the same shapes as the REST API's paths). */
export function clusterHref(clusterId: string, ...rest: (string | number)[]): string {
  return ["/clusters", encodeURIComponent(clusterId), ...rest.map((r) => encodeURIComponent(String(r)))].join("/");
}

/**
 * A page's dynamic segment as the user typed it. Next hands pages the still-encoded segment (route
 * handlers get it decoded); a malformed escape stays as it is, and the view then says it is unknown.
 */
export function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** A page's search parameters as Next hands them over. */
export type SearchParams = Record<string, string | string[] | undefined>;

/** One search parameter as a string: "" when it is absent or given more than once. */
export function searchParam(value: string | string[] | undefined): string {
  return typeof value === "string" ? value : "";
}
