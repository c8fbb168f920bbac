#!/bin/sh
# Stand-in for Prisma's native schema-engine binary (see prisma.config.ts). Pier applies its
# migrations itself at start-up (lib/db/migrate.ts); the Prisma CLI's migrate commands need the
# real binary and work unchanged on a machine that can download it.
echo "prisma: the schema engine is not installed; Pier applies prisma/migrations itself at start-up" >&2
exit 1
