# Outpost: `make run` opens the app, `make test` runs every test. Both set up what they need.
SHELL   := /bin/bash
GO      ?= go
GOBIN   := $(shell $(GO) env GOPATH)/bin
WAILS   := $(GOBIN)/wails
TAGS    := webkit2_41
export PATH := $(PATH):$(GOBIN)
# The real ITSM data the ServiceNow import's tests and bench read (../shared/data beside the
# repository, else this machine's copy); the tests skip loudly when it is in neither place.
OUTPOST_DATA ?= $(firstword $(wildcard $(CURDIR)/../shared/data /work/shared/data))
export OUTPOST_DATA

.PHONY: all setup frontend generate build build-linux build-windows run test test-go test-race \
        test-frontend test-e2e test-desktop check-generated lint bench soak clean

all: build

setup:
	@.ci/setup.sh

frontend: setup
	cd frontend && npm run build --silent

# Regenerates the committed TypeScript bindings from the bound Go methods.
generate: setup
	$(WAILS) generate module

build: build-linux build-windows

# The frontend is built once by `make frontend`; wails build -s reuses it.
build-linux: frontend
	$(WAILS) build -s -tags $(TAGS) -trimpath -o outpost
	@ls -l build/bin/outpost

# Cross-built from Linux: pure Go, with the icon and manifest from build/windows.
build-windows: frontend
	$(WAILS) build -s -platform windows/amd64 -trimpath -skipbindings -o outpost.exe
	@grep -q requestedExecutionLevel build/bin/outpost.exe || { echo "outpost.exe has no manifest"; exit 1; }
	@ls -l build/bin/outpost.exe

# Opens the app on the default local profile (or OUTPOST_PROFILE=path).
run: build-linux
	./build/bin/outpost $(if $(PROFILE),--profile $(PROFILE))

test: setup frontend check-generated lint test-go test-frontend test-e2e

# lint: golangci-lint (vet, staticcheck, errcheck, depguard for the import direction) and tsc.
# Go tests: domain, sync (SQLite and a throwaway PostgreSQL), app, and the desktop smoke test
# of the real window under Xvfb (package main).
test-go: frontend
	$(GO) vet ./...
	@test -z "$$(gofmt -l $$(git ls-files '*.go'))" || { gofmt -l $$(git ls-files '*.go'); echo "gofmt needed"; exit 1; }
	OUTPOST_REQUIRE_DESKTOP=1 OUTPOST_REQUIRE_POSTGRES=1 $(GO) test -count=1 -timeout 30m ./...

test-desktop: frontend
	OUTPOST_REQUIRE_DESKTOP=1 $(GO) test -count=1 -run TestDesktop -v .

test-frontend: setup
	cd frontend && npm test --silent

test-e2e: frontend
	cd frontend && OUTPOST_E2E_SKIP_BUILD=1 npm run test:e2e --silent

# The committed bindings must match the Go API.
check-generated: setup
	@$(WAILS) generate module >/dev/null 2>&1
	@git -c core.fileMode=false diff --quiet -- frontend/wailsjs || { git -c core.fileMode=false --no-pager diff --stat -- frontend/wailsjs; echo "frontend/wailsjs is stale: run make generate and commit"; exit 1; }

lint: setup
	$(GO) run github.com/golangci/golangci-lint/v2/cmd/golangci-lint@v2.6.2 run ./...
	cd frontend && npx tsc --noEmit

# Performance figures at fixed data sizes: lines `bench: <name> <value> <unit>`.
# The full Go output goes to .cache/bench.log; a failing benchmark fails the target.
# The machine's speed gauge (sla_due_compute_us, pure CPU) runs first and last, so a run's
# figures can be read against it; between them every other benchmark, each ratio against a
# floor measured beside it (docs/bench-method.md). -p 1: one package's benchmarks at a time,
# so no figure is measured beside another's work. The timeout allows for generating the 1M
# profiles once.
bench: build
	@mkdir -p .cache
	@set -o pipefail; { OUTPOST_BENCH=1 $(GO) test -count=1 -v -run 'TestBenchDueCompute$$' ./domain/sla && \
	  OUTPOST_BENCH=1 $(GO) test -p 1 -v -count=1 -timeout 180m -run 'TestBench' -skip 'TestBenchDueCompute$$' ./... && \
	  OUTPOST_BENCH=1 OUTPOST_BENCH_GAUGE=end $(GO) test -count=1 -v -run 'TestBenchDueCompute$$' ./domain/sla; } > .cache/bench.log 2>&1; rc=$$?; \
	  grep -E '^bench: ' .cache/bench.log; \
	  echo "bench: binary_linux_mb $$(awk "BEGIN{printf \"%.1f\", $$(stat -c %s build/bin/outpost)/1048576}") MB"; \
	  echo "bench: binary_windows_mb $$(awk "BEGIN{printf \"%.1f\", $$(stat -c %s build/bin/outpost.exe)/1048576}") MB"; \
	  if [ $$rc -ne 0 ]; then grep -E '^(--- FAIL|FAIL|panic)' .cache/bench.log; exit $$rc; fi

# Thousands of randomized sync convergence seeds.
soak:
	OUTPOST_SOAK=1 $(GO) test -count=1 -timeout 120m -run 'Convergence' ./sync/...

clean:
	rm -rf build/bin frontend/dist/assets frontend/dist/index.html testdata/floor/frontend/dist/assets testdata/floor/frontend/dist/index.html
