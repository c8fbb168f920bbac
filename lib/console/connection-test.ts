import { testClusterConnection, type ConnectionTest } from "../admin";
import type { ClusterInputBody } from "./api-schemas";
import { connectionSettings } from "./clusters";

/** Tests settings that are not registered yet (the registration form's "Test connection"). */
export async function testUnsavedCluster(input: ClusterInputBody): Promise<ConnectionTest> {
  const record = {
    id: `unsaved:${input.name}`,
    name: input.name,
    bootstrapServers: input.bootstrapServers,
    kind: "external" as const,
    managedBy: "ui" as const,
    createdAt: new Date(),
    security: {
      securityProtocol: input.securityProtocol,
      saslMechanism: input.saslMechanism ?? null,
      saslUsername: input.saslUsername ?? null,
      hasSaslPassword: Boolean(input.saslPassword),
      tlsCa: input.tlsCa ?? null,
      tlsRejectUnauthorized: input.tlsRejectUnauthorized ?? true,
    },
    readOnly: false,
  };
  return testClusterConnection(connectionSettings(record, input.saslPassword ?? null));
}
