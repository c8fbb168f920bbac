"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";

/**
 * Client-side access to the console's REST API: TanStack Query with polling, so figures refresh
 * on their own while a page is open. Errors arrive as ApiError carrying the API's `{ error: {
 * code, message } }`, so views can tell "cluster unreachable" from "not found".
 */
export const POLL_INTERVAL_MS = 10_000;

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = "ApiError";
  }
}

export async function fetchJson<T>(path: string, init?: RequestInit): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, { ...init, headers: { accept: "application/json", ...init?.headers } });
  } catch {
    throw new ApiError(0, "network", "The console's server did not answer. Is it still running?");
  }
  if (response.status === 204) return undefined as T;
  const body = (await response.json().catch(() => undefined)) as
    { error?: { code: string; message: string } } | undefined;
  if (!response.ok) {
    throw new ApiError(
      response.status,
      body?.error?.code ?? "http_error",
      body?.error?.message ?? `HTTP ${response.status}`,
    );
  }
  return body as T;
}

/** Polls `path` (null = not yet); keeps showing the previous page's data while the next loads. */
export function useApi<T>(path: string | null, pollMs: number | false = POLL_INTERVAL_MS) {
  return useQuery<T, ApiError>({
    queryKey: [path],
    queryFn: () => fetchJson<T>(path!),
    enabled: path !== null,
    refetchInterval: pollMs,
    placeholderData: keepPreviousData,
    retry: (count, error) => count < 1 && error.status >= 500,
  });
}

export function apiPath(clusterId: string, ...rest: string[]): string {
  return ["/api/clusters", encodeURIComponent(clusterId), ...rest.map(encodeURIComponent)].join("/");
}
