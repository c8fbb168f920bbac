import Link from "next/link";

export default function Brand() {
  return (
    <Link href="/" className="flex items-center gap-2 font-semibold tracking-tight">
      <span aria-hidden className="inline-block h-5 w-5 rounded bg-teal-600" />
      Pier
    </Link>
  );
}
