"use client";

import { ApiError, fetchJson } from "@/components/console/use-api";

/**
 * What the console's action components share: the JSON call to the console's REST API (failures
 * arrive as ApiError with the API's code and message), the message for a failure, and the classes
 * of their buttons and inputs.
 */
export function sendJson<T>(path: string, method: "POST" | "PATCH" | "DELETE", body?: unknown): Promise<T> {
  return fetchJson<T>(path, {
    method,
    headers: { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

/** POSTs JSON (an empty object when there is no body). */
export function postJson<T>(path: string, body: unknown): Promise<T> {
  return sendJson<T>(path, "POST", body ?? {});
}

/** The message to show for a failed action: the API's sentence, and its code. */
export function failureText(error: unknown): string {
  if (error instanceof ApiError) return `${error.message} (${error.code}, HTTP ${error.status})`;
  return error instanceof Error ? error.message : String(error);
}

export const buttonClass =
  "rounded bg-teal-700 px-3 py-1.5 text-sm font-medium text-white hover:bg-teal-800 disabled:cursor-not-allowed disabled:opacity-50";
export const secondaryButtonClass =
  "rounded border border-slate-300 px-3 py-1.5 text-sm hover:bg-slate-100 disabled:cursor-not-allowed disabled:opacity-50 dark:border-slate-600 dark:hover:bg-slate-800";
export const dangerButtonClass =
  "rounded bg-red-700 px-3 py-1.5 text-sm font-medium text-white hover:bg-red-800 disabled:cursor-not-allowed disabled:opacity-50";
export const inputClass =
  "rounded border border-slate-300 bg-white px-2 py-1 text-sm dark:border-slate-600 dark:bg-slate-900";
