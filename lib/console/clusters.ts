import { clusterClient, type ClusterClient, type ClusterConnectionSettings } from "../admin";
import { getClusterWithSecret, type ClusterRecord } from "../db/clusters";
import { getConsoleContext } from "./context";

/**
 * From a registry id to the cluster's pooled ClusterClient: the one path from route handlers and
 * pages to Kafka. undefined = no such registered cluster (a 404 naming it).
 */
export interface RegisteredCluster {
  record: ClusterRecord;
  client: ClusterClient;
}

export function connectionSettings(record: ClusterRecord, saslPassword: string | null): ClusterConnectionSettings {
  const { security } = record;
  const sasl = security.securityProtocol === "SASL_PLAINTEXT" || security.securityProtocol === "SASL_SSL";
  const tls = security.securityProtocol === "SSL" || security.securityProtocol === "SASL_SSL";
  return {
    id: record.id,
    bootstrapServers: record.bootstrapServers,
    securityProtocol: security.securityProtocol,
    sasl: sasl
      ? {
          mechanism: security.saslMechanism ?? "PLAIN",
          username: security.saslUsername ?? "",
          password: saslPassword ?? "",
        }
      : undefined,
    tls: tls ? { ca: security.tlsCa ?? undefined, rejectUnauthorized: security.tlsRejectUnauthorized } : undefined,
  };
}

export async function registeredCluster(id: string): Promise<RegisteredCluster | undefined> {
  const { db } = await getConsoleContext();
  const found = await getClusterWithSecret(db, id);
  if (!found) return undefined;
  return { record: found.record, client: clusterClient(connectionSettings(found.record, found.saslPassword)) };
}
