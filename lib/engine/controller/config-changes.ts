import { ErrorCode } from "../../protocol/error-codes";
import { ApiError } from "./api-error";
import { BROKER_CONFIGS, ConfigType, TOPIC_CONFIGS } from "./config-definitions";
import type { MetadataRecord } from "./metadata-records";

/** IncrementalAlterConfigs operations (AlterConfigOp.OpType). */
export const AlterConfigOp = { SET: 0, DELETE: 1, APPEND: 2, SUBTRACT: 3 } as const;

export type ConfigKind = "topic" | "broker";

export interface ConfigOp {
  name: string;
  op: number;
  value: string | null;
}

/** Throws INVALID_CONFIG naming the first unknown, read-only or badly valued config (only `onlyNames` if given). */
export function validateConfigs(
  kind: ConfigKind,
  configs: ReadonlyMap<string, string>,
  onlyNames?: ReadonlySet<string>,
): void {
  const definitions = kind === "topic" ? TOPIC_CONFIGS : BROKER_CONFIGS;
  for (const [name, value] of configs) {
    if (onlyNames !== undefined && !onlyNames.has(name)) continue;
    const definition = definitions.get(name);
    if (definition === undefined) throw new ApiError(ErrorCode.INVALID_CONFIG, `Unknown ${kind} config name: ${name}`);
    if (definition.readOnly) {
      throw new ApiError(ErrorCode.INVALID_CONFIG, `Cannot update these configs dynamically: ${name}`);
    }
    const problem = definition.validate(value);
    if (problem !== undefined) throw new ApiError(ErrorCode.INVALID_CONFIG, `${problem} for configuration ${name}`);
  }
}

const splitList = (text: string): string[] =>
  text
    .split(",")
    .map((v) => v.trim())
    .filter((v) => v !== "");

/**
 * The overrides after IncrementalAlterConfigs `ops` (Kafka's ConfigAdminManager): SET and DELETE
 * act on the override; APPEND and SUBTRACT edit the effective value of a LIST config, as Kafka
 * does, so appending to a default works. Validates the configs the ops name.
 */
export function applyConfigOps(
  kind: ConfigKind,
  current: ReadonlyMap<string, string>,
  ops: readonly ConfigOp[],
  effective: (name: string) => string | null,
): Map<string, string> {
  const next = new Map(current);
  for (const { name, op, value } of ops) {
    if (op === AlterConfigOp.SET) next.set(name, value ?? "");
    else if (op === AlterConfigOp.DELETE) next.delete(name);
    else if (op === AlterConfigOp.APPEND || op === AlterConfigOp.SUBTRACT) {
      const definition = (kind === "topic" ? TOPIC_CONFIGS : BROKER_CONFIGS).get(name);
      if (definition === undefined)
        throw new ApiError(ErrorCode.INVALID_CONFIG, `Unknown ${kind} config name: ${name}`);
      if (definition.type !== ConfigType.LIST) {
        throw new ApiError(
          ErrorCode.INVALID_CONFIG,
          `Config value append/subtract is not allowed for config key ${name} (not a list).`,
        );
      }
      const items = splitList(effective(name) ?? "");
      const changes = splitList(value ?? "");
      const result =
        op === AlterConfigOp.APPEND
          ? [...items, ...changes.filter((c) => !items.includes(c))]
          : items.filter((i) => !changes.includes(i));
      next.set(name, result.join(","));
    } else {
      throw new ApiError(ErrorCode.INVALID_REQUEST, `Unknown config operation ${op} for ${name}.`);
    }
  }
  validateConfigs(kind, next, new Set(ops.map((o) => o.name)));
  return next;
}

/** Config records that turn overrides `current` into `next` for one resource. */
export function configChangeRecords(
  kind: ConfigKind,
  resourceName: string,
  current: ReadonlyMap<string, string>,
  next: ReadonlyMap<string, string>,
): MetadataRecord[] {
  const record = (name: string, value: string | null): MetadataRecord => ({
    type: "Config",
    resourceType: kind,
    resourceName,
    name,
    value,
  });
  const records: MetadataRecord[] = [];
  for (const name of current.keys()) if (!next.has(name)) records.push(record(name, null));
  for (const [name, value] of next) if (current.get(name) !== value) records.push(record(name, value));
  return records;
}
