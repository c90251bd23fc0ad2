# Seams: one image for `seams worker` and `seams server` (see docker-compose.yml).
FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY services ./services
COPY workers ./workers
COPY db ./db
RUN npm run build && npm prune --omit=dev

FROM node:24-bookworm-slim
ENV NODE_ENV=production
# The live heap of a sync stays ~50 MB; a smaller young generation keeps dead page data from
# piling up between collections (peak RSS of a 50k-item sync ~430 MB -> ~335 MB, same CPU).
ENV NODE_OPTIONS=--max-semi-space-size=16
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
COPY templates ./templates
# Linear's schema, read by `seams demo`'s sandbox from the tree above dist/ (one copy, no build step).
COPY services/sandbox/linear/linear-schema.graphql ./services/sandbox/linear/linear-schema.graphql
RUN mkdir -p /app/.seams /app/out && chown -R node:node /app/.seams /app/out
USER node
EXPOSE 8080
ENTRYPOINT ["node", "dist/services/cli.js"]
CMD ["server"]
