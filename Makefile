# Vigil: `make run` builds and starts Vigil with the demo service; `make test` runs the suite.
SWIFT ?= swift
RELEASE_FLAGS := -c release --static-swift-stdlib -Xlinker -s
BIN := .build/release/vigil
LISTEN ?= 0.0.0.0:3000
DATA ?= ./data

.PHONY: all deps build run demo test test-e2e bench clean

all: build

# libsqlite3-dev is the one system library Vigil builds against.
deps:
	@scripts/ensure-deps.sh

# The release build, the same steps the Dockerfile runs.
build: deps
	$(SWIFT) build $(RELEASE_FLAGS) --product vigil

# Vigil on config/vigil.yml plus the synthetic ML service on :8000 that it scrapes.
run: build
	@scripts/run-with-demo.sh $(BIN) --config config/vigil.yml --data $(DATA) --listen $(LISTEN)

# Only the synthetic ML service, for pointing another Prometheus at it.
demo: build
	$(BIN) demo

# The whole suite: unit, conformance, end-to-end (the real binary) and differential tests.
test: deps
	$(SWIFT) build
	$(SWIFT) test

bench: deps
	$(SWIFT) build -c release --product vigil-bench
	.build/release/vigil-bench all

clean:
	rm -rf .build
