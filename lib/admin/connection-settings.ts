/**
 * How the console reaches one registered cluster: bootstrap servers plus Kafka's client security
 * settings (security.protocol, sasl.mechanism, TLS trust). Shared by kafkajs and Pier's own
 * protocol client so both connect the same way.
 */
export const SECURITY_PROTOCOLS = ["PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL"] as const;
export type SecurityProtocol = (typeof SECURITY_PROTOCOLS)[number];

export const SASL_MECHANISMS = ["PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512"] as const;
export type SaslMechanism = (typeof SASL_MECHANISMS)[number];

export interface SaslSettings {
  mechanism: SaslMechanism;
  username: string;
  password: string;
}

export interface TlsSettings {
  /** PEM of the CA(s) to trust; undefined = the system's trust store. */
  ca?: string;
  /** false accepts any certificate (self-signed test clusters); the UI warns about it. */
  rejectUnauthorized: boolean;
}

export interface ClusterConnectionSettings {
  /** The registry id of the cluster (pool key). */
  id: string;
  bootstrapServers: string[];
  securityProtocol: SecurityProtocol;
  sasl?: SaslSettings;
  tls?: TlsSettings;
}

export function usesTls(settings: ClusterConnectionSettings): boolean {
  return settings.securityProtocol === "SSL" || settings.securityProtocol === "SASL_SSL";
}

export function usesSasl(settings: ClusterConnectionSettings): boolean {
  return settings.securityProtocol === "SASL_PLAINTEXT" || settings.securityProtocol === "SASL_SSL";
}

export interface BrokerAddress {
  host: string;
  port: number;
}

/** "host:port" (IPv6 hosts in brackets) → address; the registry validated the form already. */
export function parseBrokerAddress(text: string): BrokerAddress {
  const colon = text.lastIndexOf(":");
  const host = text.slice(0, colon).replace(/^\[(.*)\]$/, "$1");
  return { host, port: Number(text.slice(colon + 1)) };
}
