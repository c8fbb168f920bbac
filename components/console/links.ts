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
