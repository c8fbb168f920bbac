import type { SamplerStatus } from "@/lib/history/history-views";
import { formatInstant } from "./time-range";

/** Why a chart has gaps: the sampler's last round and the failed rounds in the range. */
export default function SamplerNote({ history }: { history: SamplerStatus }) {
  const failed = history.failedRounds;
  return (
    <div className="text-xs text-slate-500 dark:text-slate-400" data-testid="sampler-note">
      {history.lastRound ? (
        <p>
          Last sample {formatInstant(history.lastRound.atMs)} ({history.lastRound.durationMs} ms)
          {history.lastRound.error ? (
            <span className="text-red-700 dark:text-red-300"> — failed: {history.lastRound.error}</span>
          ) : null}
          .
        </p>
      ) : (
        <p>The sampler has not read this cluster yet.</p>
      )}
      {failed.length > 0 ? (
        <details className="mt-1">
          <summary className="cursor-pointer">
            {failed.length} failed round{failed.length === 1 ? "" : "s"} in this range (gaps in the charts)
          </summary>
          <ul className="mt-1 list-disc pl-5">
            {failed.map((f) => (
              <li key={f.atMs}>
                {formatInstant(f.atMs)}: {f.error}
              </li>
            ))}
          </ul>
        </details>
      ) : null}
    </div>
  );
}
