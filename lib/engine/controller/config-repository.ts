import {
  BROKER_CONFIGS,
  ConfigSource,
  TOPIC_CONFIGS,
  type ConfigDefinition,
  type ConfigType,
} from "./config-definitions";
import type { MetadataImage } from "./metadata-image";

export interface ConfigSynonym {
  name: string;
  value: string | null;
  source: ConfigSource;
}

/** One config as DescribeConfigs reports it. */
export interface DescribedConfig {
  name: string;
  value: string | null;
  source: ConfigSource;
  readOnly: boolean;
  sensitive: boolean;
  isDefault: boolean;
  type: ConfigType;
  documentation: string;
  /** Every level that sets this config, most specific first (Kafka's synonyms). */
  synonyms: ConfigSynonym[];
}

/**
 * Resolves effective configuration values the way Kafka does: topic override, then the broker's
 * dynamic config, the cluster-wide dynamic default, the static (start-up) broker config, and
 * finally Kafka's default. Reads the live MetadataImage, so changes apply as soon as they commit.
 */
export class ConfigRepository {
  constructor(
    private readonly image: MetadataImage,
    /** Start-up configs per broker id (STATIC_BROKER_CONFIG). */
    private readonly staticConfigs: ReadonlyMap<number, ReadonlyMap<string, string>>,
  ) {}

  /** Every level that sets broker config `name` for `brokerId`, most specific first. */
  brokerSynonyms(name: string, brokerId: number, reportedName = name): ConfigSynonym[] {
    const out: ConfigSynonym[] = [];
    const push = (value: string | undefined | null, source: ConfigSource) => {
      if (value !== undefined) out.push({ name: reportedName, value, source });
    };
    push(this.image.brokerConfigs.get(String(brokerId))?.get(name), ConfigSource.DYNAMIC_BROKER_CONFIG);
    push(this.image.brokerConfigs.get("")?.get(name), ConfigSource.DYNAMIC_DEFAULT_BROKER_CONFIG);
    push(this.staticConfigs.get(brokerId)?.get(name), ConfigSource.STATIC_BROKER_CONFIG);
    const definition = BROKER_CONFIGS.get(name);
    if (definition !== undefined) push(definition.defaultValue, ConfigSource.DEFAULT_CONFIG);
    return out;
  }

  brokerValue(name: string, brokerId: number): string | null {
    return this.brokerSynonyms(name, brokerId)[0]?.value ?? null;
  }

  /** The effective value of topic config `name` (topic override, else the broker synonym's chain). */
  topicValue(topic: string, name: string, brokerId: number): string | null {
    return this.topicSynonyms(topic, name, brokerId)[0]?.value ?? null;
  }

  /** Every effective topic config of `topic`, as a plain name → value map. */
  topicValues(topic: string, brokerId: number): Map<string, string | null> {
    const out = new Map<string, string | null>();
    for (const name of TOPIC_CONFIGS.keys()) out.set(name, this.topicValue(topic, name, brokerId));
    return out;
  }

  topicSynonyms(topic: string, name: string, brokerId: number): ConfigSynonym[] {
    const definition = TOPIC_CONFIGS.get(name);
    const out: ConfigSynonym[] = [];
    const override = this.image.topicsByName.get(topic)?.configs.get(name);
    if (override !== undefined) out.push({ name, value: override, source: ConfigSource.DYNAMIC_TOPIC_CONFIG });
    if (definition?.brokerSynonym !== undefined && BROKER_CONFIGS.has(definition.brokerSynonym)) {
      out.push(...this.brokerSynonyms(definition.brokerSynonym, brokerId));
    } else if (definition !== undefined) {
      out.push({ name, value: definition.defaultValue, source: ConfigSource.DEFAULT_CONFIG });
    }
    return out;
  }

  describeTopic(topic: string, brokerId: number): DescribedConfig[] {
    return [...TOPIC_CONFIGS.values()].map((d) => describe(d, this.topicSynonyms(topic, d.name, brokerId)));
  }

  describeBroker(brokerId: number): DescribedConfig[] {
    return [...BROKER_CONFIGS.values()].map((d) => describe(d, this.brokerSynonyms(d.name, brokerId)));
  }
}

function describe(definition: ConfigDefinition, synonyms: ConfigSynonym[]): DescribedConfig {
  const effective = synonyms[0] ?? {
    name: definition.name,
    value: definition.defaultValue,
    source: ConfigSource.DEFAULT_CONFIG,
  };
  return {
    name: definition.name,
    value: definition.sensitive ? null : effective.value,
    source: effective.source,
    readOnly: definition.readOnly,
    sensitive: definition.sensitive,
    isDefault: effective.source === ConfigSource.DEFAULT_CONFIG,
    type: definition.type,
    documentation: definition.documentation,
    synonyms,
  };
}
