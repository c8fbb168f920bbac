import { jsonError } from "./http";

/**
 * Mutating API calls must come from the console's own pages. Browsers say where a request comes
 * from (Sec-Fetch-Site, Origin); a page on another site could otherwise make a logged-in browser
 * produce messages (cross-site request forgery). Requests without either header come from tools
 * such as curl, which no other site can trigger, and are accepted.
 */
export function crossOriginRefusal(request: Request): Response | undefined {
  const site = request.headers.get("sec-fetch-site");
  if (site && site !== "same-origin" && site !== "none") {
    return refuse(
      `the request came from ${site === "same-site" ? "another application on this site" : "another site"} (Sec-Fetch-Site: ${site})`,
    );
  }
  const origin = request.headers.get("origin");
  if (!origin) return undefined;
  const hosts = [request.headers.get("x-forwarded-host"), request.headers.get("host"), new URL(request.url).host];
  let originHost: string;
  try {
    originHost = new URL(origin).host;
  } catch {
    return refuse(`its Origin header "${origin}" is not a URL`);
  }
  if (!hosts.includes(originHost)) return refuse(`it came from ${origin}, not from this console`);
  return undefined;
}

function refuse(why: string): Response {
  return jsonError(
    403,
    "cross_origin",
    `Refused because ${why}: changes are accepted only from the console's own pages, so that another web page cannot make your browser change Kafka.`,
  );
}
