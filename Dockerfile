# syntax=docker/dockerfile:1
# One image for every role. The entry is the `genonaut` CLI:
#   docker run genonaut serve       # everything in one process (embedded PGlite, in-process queue)
#   docker run genonaut api         # HTTP API + web app          } distributed mode: set
#   docker run genonaut worker      # generation worker           } DATABASE_URL, REDIS_URL,
#   docker run genonaut scheduler   # periodic jobs (run one)     } COMFYUI_URL
#   docker run genonaut db migrate  # one-off maintenance
# The ComfyUI mock runs from the same image with
#   --entrypoint node … --import tsx apps/comfyui-mock/src/main.ts (see compose.yaml).

ARG NODE_IMAGE=node:20-bookworm-slim

# ---------------------------------------------------------------- manifests only
# Copying just the package manifests first lets Docker reuse the install layers until a
# dependency changes.
FROM ${NODE_IMAGE} AS manifests
WORKDIR /app
COPY package.json package-lock.json ./
COPY apps/server/package.json apps/server/
COPY apps/comfyui-mock/package.json apps/comfyui-mock/
COPY apps/web/package.json apps/web/
COPY e2e/package.json e2e/
COPY bench/package.json bench/

# ---------------------------------------------------------------- web build (needs dev deps)
FROM manifests AS web-build
RUN --mount=type=cache,target=/root/.npm npm ci --no-audit --no-fund
COPY tsconfig.base.json ./
COPY apps/web apps/web
COPY apps/server apps/server
RUN npm run build -w apps/web

# ---------------------------------------------------------------- runtime dependencies
# Production dependencies of the two workspaces the image runs; the server runs its
# TypeScript through tsx, so there is no compile step.
FROM manifests AS runtime-deps
RUN --mount=type=cache,target=/root/.npm \
    npm ci --omit=dev --no-audit --no-fund -w apps/server -w apps/comfyui-mock

# ---------------------------------------------------------------- runtime
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    DATA_DIR=/data \
    STORAGE_DIR=/data/images \
    API_HOST=0.0.0.0 \
    API_PORT=8001
WORKDIR /app

COPY --from=runtime-deps /app/node_modules ./node_modules
COPY package.json tsconfig.base.json ./
COPY config ./config
COPY apps/server/package.json apps/server/tsconfig.json apps/server/
COPY apps/server/bin apps/server/bin
COPY apps/server/src apps/server/src
COPY apps/comfyui-mock/package.json apps/comfyui-mock/
COPY apps/comfyui-mock/src apps/comfyui-mock/src
COPY --from=web-build /app/apps/web/dist apps/web/dist

# The official image ships the unprivileged user `node` (uid/gid 1000); it owns only /data.
RUN mkdir -p /data/images /data/comfyui-mock && chown -R node:node /data
USER node
VOLUME ["/data"]
EXPOSE 8001 8189

ENTRYPOINT ["node", "/app/apps/server/bin/genonaut.mjs"]
CMD ["serve"]
