-- Security settings of registered clusters, and who manages each registration.
ALTER TABLE "Cluster" ADD COLUMN "managedBy" TEXT NOT NULL DEFAULT 'config';
ALTER TABLE "Cluster" ADD COLUMN "securityProtocol" TEXT NOT NULL DEFAULT 'PLAINTEXT';
ALTER TABLE "Cluster" ADD COLUMN "saslMechanism" TEXT;
ALTER TABLE "Cluster" ADD COLUMN "saslUsername" TEXT;
ALTER TABLE "Cluster" ADD COLUMN "saslPassword" TEXT;
ALTER TABLE "Cluster" ADD COLUMN "tlsCa" TEXT;
ALTER TABLE "Cluster" ADD COLUMN "tlsRejectUnauthorized" BOOLEAN NOT NULL DEFAULT true;
