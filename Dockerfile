# Vigil in one container: `docker run -p 3000:3000 -v ./vigil.yml:/etc/vigil/vigil.yml vigil`.
# The build stage runs the same `make build` as a developer machine.

FROM swift:6.3.1-bookworm AS build
RUN apt-get update \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends libsqlite3-dev pkg-config make \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN make build && install -m 0755 .build/release/vigil /usr/local/bin/vigil

FROM debian:bookworm-slim
# The statically linked Swift runtime leaves libc, libstdc++, zlib and SQLite to the system.
RUN apt-get update \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
        libsqlite3-0 libstdc++6 zlib1g ca-certificates tzdata \
    && rm -rf /var/lib/apt/lists/* \
    && groupadd --system --gid 65532 vigil \
    && useradd --system --uid 65532 --gid vigil --home-dir /var/lib/vigil vigil \
    && mkdir -p /etc/vigil /var/lib/vigil \
    && chown vigil:vigil /var/lib/vigil
COPY --from=build /usr/local/bin/vigil /usr/local/bin/vigil
COPY config/ /etc/vigil/

USER vigil
EXPOSE 3000
VOLUME ["/var/lib/vigil"]
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["/usr/local/bin/vigil", "probe", "http://127.0.0.1:3000/-/ready"]
ENTRYPOINT ["/usr/local/bin/vigil", "run", "--config", "/etc/vigil/vigil.yml", "--data", "/var/lib/vigil", "--listen", "0.0.0.0:3000"]
