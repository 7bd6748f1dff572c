# syntax=docker/dockerfile:1
# flashsale: multi-stage build. The binary embeds its locales, NLU lexicon, Lua scripts,
# chart font and SQL migrations (include_str!/include_bytes!/sqlx::migrate!), so the
# runtime stage needs only the binary and CA certificates (rustls; no OpenSSL).

FROM rust:1.95-bookworm AS build
WORKDIR /src

# 1. Dependencies only, cached until Cargo.toml or Cargo.lock change: build against stub
#    sources (the manifest names a lib, a bin and four benches, so each gets a stub).
COPY Cargo.toml Cargo.lock ./
RUN mkdir -p src benches \
 && echo 'fn main() {}' > src/main.rs \
 && touch src/lib.rs \
 && for b in gate intent limiter_memory stock_overview; do echo 'fn main() {}' > benches/$b.rs; done \
 && cargo build --release --locked --bin flashsale \
 && rm -rf src benches target/release/.fingerprint/flashsale-* target/release/deps/flashsale-* target/release/deps/libflashsale-*

# 2. The real sources and everything they embed at compile time.
COPY src ./src
COPY benches ./benches
COPY migrations ./migrations
COPY locales ./locales
COPY data ./data
COPY assets ./assets
COPY tests/data ./tests/data
RUN cargo build --release --locked --bin flashsale \
 && cp target/release/flashsale /usr/local/bin/flashsale

FROM debian:bookworm-slim AS runtime
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --home-dir /app --create-home flashsale
COPY --from=build /usr/local/bin/flashsale /usr/local/bin/flashsale
USER flashsale
WORKDIR /app
# In a container the HTTP port must listen beyond loopback (the default is 127.0.0.1:8080).
ENV HTTP_ADDR=0.0.0.0:8080 LOG_FORMAT=json
EXPOSE 8080
# Liveness only (/healthz); compose wires readiness to /readyz. The slim image has no curl
# or wget, so bash's /dev/tcp speaks plain HTTP/1.0 to the local port.
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
  CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/8080 && printf 'GET /healthz HTTP/1.0\\r\\n\\r\\n' >&3 && head -n1 <&3 | grep -q ' 200 '"]
ENTRYPOINT ["flashsale"]
CMD ["serve"]
