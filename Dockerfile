# joblog's container image (README.md, "Run in production"):
#   docker build -t joblog .
#   docker run --env-file .env -v joblog-data:/data -p 3000:3000 joblog
# Three stages on the same slim Node 20 image: `deps` installs production dependencies only,
# `build` compiles TypeScript with the dev dependencies, the runtime gets the first's node_modules
# and the second's dist/, runs as the unprivileged `node` user, and keeps its SQLite file in /data.

FROM node:20-bookworm-slim AS toolchain
# better-sqlite3 is a native module: npm fetches a prebuilt binary, and compiles it from source
# (python3, make, g++) when none fits.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./

FROM toolchain AS deps
RUN npm ci --omit=dev --no-audit --no-fund

FROM toolchain AS build
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY scripts/build.mjs scripts/bundle-loader.mjs ./scripts/
COPY src ./src
RUN npm run build

FROM node:20-bookworm-slim
# No --enable-source-maps: dist/main.js maps stack traces itself, reading the map at the first
# trace rather than at every start (scripts/bundle-loader.mjs).
ENV NODE_ENV=production \
    PORT=3000 \
    JOBLOG_DB_PATH=/data/joblog.db
WORKDIR /app
COPY package.json ./
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
# The code and its dependencies belong to root, read-only to the app; only /data is its to write.
RUN mkdir -p /data && chown node:node /data
VOLUME /data
USER node
EXPOSE 3000
# No curl in the slim image: Node's own fetch asks /healthz on PORT.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# joblog stops polling, finishes in-flight Slack calls and closes the database on SIGTERM.
STOPSIGNAL SIGTERM
CMD ["node", "dist/main.js"]
