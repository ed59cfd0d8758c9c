# Build: cgo is needed for github.com/mattn/go-sqlite3.
FROM golang:1.26-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=1 go build -trimpath -ldflags="-s -w" -o /out/safepassage ./cmd/safepassage

# Run: a small Debian with only the C library and CA certificates, as a non-root user, the database on a volume.
FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 --home-dir /data --shell /usr/sbin/nologin safepassage \
    && mkdir -p /data && chown safepassage /data
COPY --from=build /out/safepassage /usr/local/bin/safepassage
USER safepassage
VOLUME /data
ENV SAFEPASSAGE_DB=/data/safepassage.db SAFEPASSAGE_ADDR=0.0.0.0:8080
EXPOSE 8080
ENTRYPOINT ["/usr/local/bin/safepassage"]
CMD ["serve"]
