# Multi-stage build of archgraph: the web UI (when present), then the Go binary that embeds it.
# Used by docker-compose.yml; see README.md.

FROM node:20-bookworm AS web
WORKDIR /src
COPY . .
RUN if [ -f frontend/package.json ]; then cd frontend && npm ci --no-audit --no-fund && npm run build; fi

FROM golang:1.26-bookworm AS build
# The version archgraph reports: docker build --build-arg VERSION=$(git describe --tags --always --dirty)
# (the build context carries no .git; docker-compose.yml passes ARCHGRAPH_VERSION).
ARG VERSION=dev
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY --from=web /src .
RUN CGO_ENABLED=0 go build -trimpath -ldflags "-s -w -X main.version=${VERSION}" -o /out/archgraph ./cmd/archgraph

FROM debian:bookworm-slim
RUN useradd --system --uid 10001 archgraph && apt-get update && apt-get install -y --no-install-recommends ca-certificates wget && rm -rf /var/lib/apt/lists/*
COPY --from=build /out/archgraph /usr/local/bin/archgraph
USER archgraph
ENV ARCHGRAPH_ADDR=0.0.0.0:8080
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=3s --retries=5 CMD wget -qO- http://127.0.0.1:8080/readyz || exit 1
ENTRYPOINT ["archgraph"]
CMD ["serve"]
