/** The filter language, documented where it is used (the README has the same text). */
export default function FilterHelp() {
  return (
    <details className="text-sm">
      <summary className="cursor-pointer text-teal-700 dark:text-teal-300">Filter language help</summary>
      <div className="mt-2 space-y-1 rounded bg-slate-50 p-3 dark:bg-slate-900">
        <p>
          Tests joined with <code>and</code>, <code>or</code>, <code>not</code> and parentheses (keywords in any case):
        </p>
        <ul className="list-disc pl-5">
          <li>
            <code>key</code>, <code>value</code>, <code>headers[&quot;name&quot;]</code> with <code>contains</code>,{" "}
            <code>icontains</code> (ignoring case), <code>startswith</code>, <code>endswith</code>, <code>=</code>,{" "}
            <code>!=</code> and a quoted string; or <code>exists</code>, <code>is null</code>, <code>is not null</code>
          </li>
          <li>
            <code>partition</code>, <code>offset</code>, <code>size</code> (bytes) with{" "}
            <code>= != &lt; &lt;= &gt; &gt;=</code> and a whole number
          </li>
          <li>
            <code>timestamp</code> with the same operators and epoch milliseconds or a quoted ISO-8601 date
          </li>
        </ul>
        <p className="font-mono text-xs">
          value contains &quot;error&quot; and partition = 3 and headers[&quot;trace&quot;] exists and timestamp &gt;
          &quot;2026-01-01T00:00:00Z&quot;
        </p>
        <p>
          Strings take \&quot; \\ \n \t escapes. A mistake is reported with its column. Nothing you type is run as code.
        </p>
      </div>
    </details>
  );
}
