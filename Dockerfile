# Untested here (no Docker engine on the development machines); written to standard practice.
# Node 24 LTS: Node 20 is out of support, 22 ends in April 2027, and pg-boss 12 declares Node 22+.
FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY migrations ./migrations
COPY seeds ./seeds
COPY scripts ./scripts
COPY assets ./assets
COPY public ./public
RUN npm run build && npm prune --omit=dev

FROM node:24-bookworm-slim
ENV NODE_ENV=production PORT=3000
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY views ./views
COPY --from=build /app/public ./public
COPY courses ./courses
COPY reference ./reference
RUN mkdir -p /app/data && chown node:node /app/data
USER node
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s CMD node -e "fetch('http://127.0.0.1:'+process.env.PORT+'/readyz').then(r=>process.exit(r.ok?0:1)).catch(()=>process.exit(1))"
# The server runs its migrations and imports the course library on start. The heap flags are
# npm start's (see README, Performance): they keep the process near 140 MB under load, not 250.
CMD ["node", "--max-semi-space-size=8", "--max-old-space-size=256", "dist/src/server.js"]
