# syntax=docker/dockerfile:1
# Build stage: native better-sqlite3 needs a compiler; the Prisma client is generated here.
FROM node:20-bookworm-slim AS build
WORKDIR /app
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json prisma.config.ts ./
COPY prisma ./prisma
# What prisma.config.ts imports: the database URL's kind, and the adapters the CLI migrates through.
COPY src/db/sqlite-url.ts src/db/postgres-url.ts src/db/postgres-migration-adapter.ts ./src/db/
# postinstall generates the clients (SQLite's and PostgreSQL's) and migrates a throw-away database inside the image.
RUN DATABASE_URL=file:/tmp/build.db npm ci --no-audit --no-fund && rm -f /tmp/build.db*
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY locales ./locales
RUN npm run generate && npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim
ENV NODE_ENV=production \
    DATABASE_URL=file:/data/youth.db \
    PORT=3000
WORKDIR /app
COPY --from=build /app /app
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 3000
# Migrations run before the bot serves, as `npm start` does, on whichever database DATABASE_URL
# names (postgresql://… for PostgreSQL): only when one is missing (src/db/migrate.cli.ts).
CMD ["sh", "-c", "node dist/db/migrate.cli.js && node dist/main.js"]
