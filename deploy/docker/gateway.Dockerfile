# gateway: built from the repository root (docker build -f deploy/docker/gateway.Dockerfile .).
# Stage 1 installs the workspace and bundles the service with esbuild (pnpm --filter @ntg/launcher build:services):
# one main.js with its run-time files (SDL, migrations, supergraph), needing neither tsx nor node_modules.
# Stage 2 is a slim Node image running it as the unprivileged "node" user.
FROM node:20.20-bookworm-slim AS build
WORKDIR /src
RUN npm install -g pnpm@12.4.2 --no-fund --no-audit
COPY package.json pnpm-lock.yaml pnpm-workspace.yaml ./
COPY patches ./patches
COPY gateway ./gateway
COPY packages ./packages
COPY subgraphs ./subgraphs
# The saved operations the /export/ and /reports/ routes run.
COPY queries ./queries
COPY test/package.json ./test/package.json
COPY deploy/hive-gateway/package.json ./deploy/hive-gateway/package.json
RUN pnpm install --frozen-lockfile --filter "@ntg/launcher..." --filter "@ntg/dashboard..."
RUN pnpm --filter @ntg/launcher build:services /out gateway
# The dashboard page, built once here: the bundle has no Vite, so the gateway serves this folder (DASHBOARD_DIR).
RUN pnpm --filter @ntg/dashboard build && cp -r packages/dashboard/dist /out/gateway/dashboard

FROM node:20.20-bookworm-slim AS runtime
ENV NODE_ENV=production HOST=0.0.0.0 PORT=4000 NTG_SEED=false DASHBOARD_DIR=/app/dashboard
WORKDIR /app
COPY --from=build --chown=node:node /out/gateway ./
USER node
EXPOSE 4000
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s CMD ["node", "-e", "fetch('http://127.0.0.1:'+process.env.PORT+'/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["node", "main.js"]
