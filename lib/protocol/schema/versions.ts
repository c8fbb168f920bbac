import { ProtocolError } from "../protocol-error";

/**
 * Version ranges as Kafka's message definitions write them: "3+" (3 and later), "0-5" (inclusive),
 * "7" (exactly 7) or "none" (never). Open ranges end at MAX_API_VERSION, the largest int16.
 */
export const MAX_API_VERSION = 0x7fff;

export interface VersionRange {
  readonly min: number;
  readonly max: number;
}

export const NO_VERSIONS: VersionRange = { min: 1, max: 0 };

const RANGE_PATTERN = /^(\d+)(?:(\+)|-(\d+))?$/;

export function parseVersions(spec: string): VersionRange {
  if (spec === "none") return NO_VERSIONS;
  const match = RANGE_PATTERN.exec(spec);
  if (match === null) throw new ProtocolError(`invalid version range "${spec}"`);
  const min = Number(match[1]);
  const max = match[2] === "+" ? MAX_API_VERSION : match[3] !== undefined ? Number(match[3]) : min;
  if (max < min) throw new ProtocolError(`invalid version range "${spec}"`);
  return { min, max };
}

export function inVersions(range: VersionRange, version: number): boolean {
  return version >= range.min && version <= range.max;
}

/** True when `spec` (possibly undefined, meaning "never") includes `version`. */
export function specIncludes(spec: string | undefined, version: number): boolean {
  return spec !== undefined && inVersions(parseVersions(spec), version);
}
