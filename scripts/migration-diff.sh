#!/usr/bin/env bash
# Prints the SQL that takes the database from the schema at git revision BASE (default HEAD)
# to the working copy of prisma/schema.prisma. Save it as prisma/migrations/<timestamp>_<name>/migration.sql.
#
# Prisma 7's CLI needs engine binaries this project does not download, so the diff is made by
# Prisma 6.19.3 with its JavaScript engine and a driver adapter, in a scratch folder. It needs a reachable
# PostgreSQL (DATABASE_URL, default the local one); nothing is written to it.
set -euo pipefail
BASE="${1:-HEAD}"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
export DATABASE_URL="${DATABASE_URL:-postgresql://postgres@127.0.0.1:5432/postgres}"

to_prisma6() { # Prisma 6 wants the url in the datasource and the classic generator
  sed -e '/^generator client {/,/^}/c\generator client {\n  provider = "prisma-client-js"\n}' \
      -e 's/^  provider = "postgresql"$/  provider = "postgresql"\n  url      = env("DATABASE_URL")/'
}
to_prisma6 < "$ROOT/prisma/schema.prisma" > "$WORK/new.prisma"
if git -C "$ROOT" cat-file -e "$BASE:prisma/schema.prisma" 2>/dev/null; then
  git -C "$ROOT" show "$BASE:prisma/schema.prisma" | to_prisma6 > "$WORK/old.prisma"
  FROM=(--from-schema-datamodel old.prisma)
else
  FROM=(--from-empty)
fi
cat > "$WORK/prisma.config.ts" <<'TS'
import { defineConfig } from "prisma/config";
import { PrismaPg } from "@prisma/adapter-pg";
export default defineConfig({
  engine: "js",
  experimental: { adapter: true },
  adapter: async () => new PrismaPg({ connectionString: process.env.DATABASE_URL! }),
  schema: "new.prisma",
} as any);
TS
cd "$WORK"
npm init -y >/dev/null
npm install --no-audit --no-fund --silent -E prisma@6.19.3 @prisma/adapter-pg@6.19.3 pg@8.23.1 >/dev/null 2>&1
PRISMA_SCHEMA_ENGINE_BINARY=/bin/false PRISMA_QUERY_ENGINE_LIBRARY=/bin/false \
  npx prisma migrate diff "${FROM[@]}" --to-schema-datamodel new.prisma --script 2>/dev/null
