# syntax=docker/dockerfile:1
#
# errenrich CLI image: small, non-root, only what the CLI needs at run time.
#
#   docker build -t errenrich:dev .
#   kubectl logs my-pod | docker run --rm -i errenrich:dev --errors-only
#   docker run --rm -v /var/log/app:/logs:ro errenrich:dev --summary /logs
#
# stdin/stdout are the data path (NDJSON out), stderr carries diagnostics only, so the image
# composes with pipes. The Fluent Bit variant (errenrich inside a Fluent Bit image) is
# Dockerfile.fluent-bit; see docs/fluent-bit.md.

ARG NODE_IMAGE=node:20-bookworm-slim

# ---------------------------------------------------------------------------------------------
# build: full dev dependencies, TypeScript compile to dist/
# ---------------------------------------------------------------------------------------------
FROM ${NODE_IMAGE} AS build
WORKDIR /src
ENV NPM_CONFIG_UPDATE_NOTIFIER=false NPM_CONFIG_FUND=false NPM_CONFIG_AUDIT=false

# dependency layer first: it is rebuilt only when the lock file changes
COPY package.json package-lock.json ./
RUN npm ci

COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build

# Run-time data. rules/ and data/catalogs/ are committed; `mkdir -p` keeps the build working
# in a checkout where one of them is still empty (git does not keep empty directories).
COPY . ./
RUN mkdir -p rules data/catalogs schemas \
 && if ! ls data/catalogs/*.json >/dev/null 2>&1 && [ -f dist/catalog/build-catalogs-cli.js ]; then \
      echo "data/catalogs/ is empty: generating it from data/sources + data/overlays" >&2; \
      node dist/catalog/build-catalogs-cli.js; \
    fi

# ---------------------------------------------------------------------------------------------
# prod-deps: production node_modules only (no TypeScript, eslint, vitest …)
# ---------------------------------------------------------------------------------------------
FROM ${NODE_IMAGE} AS prod-deps
WORKDIR /app
ENV NPM_CONFIG_UPDATE_NOTIFIER=false NPM_CONFIG_FUND=false NPM_CONFIG_AUDIT=false
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts \
 && npm cache clean --force

# ---------------------------------------------------------------------------------------------
# runtime
# ---------------------------------------------------------------------------------------------
FROM ${NODE_IMAGE} AS runtime
LABEL org.opencontainers.image.title="errenrich" \
      org.opencontainers.image.description="Streaming enricher for Chinese public-cloud API error payloads in container logs" \
      org.opencontainers.image.licenses="MIT"

# A smaller young generation (V8's semi-space, 16 MiB by default): 10-20 MiB less peak RSS for
# pipes and one thread, no slower (docs/operations.md, "Memory"). Override NODE_OPTIONS to drop it.
ENV NODE_ENV=production \
    NODE_OPTIONS=--max-semi-space-size=4
WORKDIR /app

# Files stay owned by root and read-only for the `node` user that runs the CLI.
COPY --from=prod-deps /app/node_modules ./node_modules
COPY --from=build /src/package.json ./package.json
COPY --from=build /src/dist ./dist
COPY --from=build /src/rules ./rules
COPY --from=build /src/data/catalogs ./data/catalogs
COPY --from=build /src/schemas ./schemas

# `node` (uid 1000) comes with the official Node.js images.
USER node

ENTRYPOINT ["node", "/app/dist/bin/errenrich.cjs"]
