import Link from "next/link";

export default function NotFound() {
  return (
    <div className="mx-auto max-w-xl px-6 py-16 text-center">
      <h1 className="text-2xl font-semibold">Not found</h1>
      <p className="mt-2 text-slate-600 dark:text-slate-400">There is no such page or cluster here.</p>
      <Link href="/" className="mt-4 inline-block text-teal-700 hover:underline dark:text-teal-300">
        Back to the clusters
      </Link>
    </div>
  );
}
