# syntax=docker/dockerfile:1
#
# kepbot, the GitHub App (Probot 14), as a container image.
#
#   docker build -t ghcr.io/kepbot/kepbot:0.1.0 .
#   docker run --rm -p 3000:3000 -e APP_ID=… -e PRIVATE_KEY="$(cat key.pem)" -e WEBHOOK_SECRET=… ghcr.io/kepbot/kepbot:0.1.0
#
# docs/DEPLOYMENT.md walks through the whole deployment (Kubernetes manifests in deploy/).
#
# Base image: Node.js 22 (LTS) on Debian bookworm, pinned by digest so that a build is reproducible and a
# retagged image cannot slip in. The digest is the multi-platform index of node:22-bookworm-slim (Node 22.23.2)
# as docker-library/repo-info recorded it (repos/node/remote/22-bookworm-slim.md). To move to a newer
# build: `docker buildx imagetools inspect node:22-bookworm-slim` and replace both digests below.

############################################################ build
FROM node:22-bookworm-slim@sha256:48e4b67d85f87bd551df43704e24d252f56cc5f8e9718841aace50f19948f0f9 AS build
WORKDIR /app

# Dependencies first, so this layer is reused while only the sources change. `npm ci` would run the
# `prepare` script (npm run build), which needs the sources that come next; --ignore-scripts skips it
# (only dev dependencies have install scripts, and the TypeScript build needs none of them).
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund

COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build \
 && npm prune --omit=dev --no-audit --no-fund

############################################################ runtime
FROM node:22-bookworm-slim@sha256:48e4b67d85f87bd551df43704e24d252f56cc5f8e9718841aace50f19948f0f9

# tini runs as PID 1: it forwards signals to node (whose dist/app/main.js stops the server gracefully on
# SIGTERM) and reaps zombies, so that `docker stop` and pod terminations do not end in SIGKILL.
RUN apt-get update \
 && apt-get install -y --no-install-recommends tini \
 && rm -rf /var/lib/apt/lists/*

# HOST=0.0.0.0: Probot 14 listens on localhost by default, unreachable from outside the container.
# NODE_ENV=production: a missing APP_ID or private key stops the process instead of starting Probot's setup page.
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    LOG_FORMAT=json

WORKDIR /app
# Owned by root and read-only for the user the app runs as. No .env is copied (.dockerignore): Probot
# loads ./.env over the real environment.
COPY --from=build /app/package.json ./package.json
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY bin ./bin
COPY app.yml ./app.yml
COPY schemas ./schemas

# The image's `node` user (uid 1000), numeric so that Kubernetes' runAsNonRoot can verify it.
USER 1000:1000
EXPOSE 3000

# No curl in slim images: node's own fetch calls Probot's /ping.
HEALTHCHECK --interval=30s --timeout=5s --start-period=10s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/ping', { signal: AbortSignal.timeout(4000) }).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]

# node directly (no npm wrapper) under tini, so that SIGTERM reaches the app; as `npm start` runs it (a test
# keeps the two alike). A 256 MB heap leaves half of the pod's 512Mi to code, buffers and the young generation,
# and it makes V8 collect sooner: under a backlog the process peaks at about 150 MB instead of 240.
ENTRYPOINT ["/usr/bin/tini", "--"]
CMD ["node", "--max-old-space-size=256", "dist/app/main.js"]
