# skillpulse: the two commands a new machine needs are `make run` and `make test`.
GO        ?= go
BIN       := bin/skillpulse
DATA_DIR  ?= .skillpulse
GOBIN     := $(shell $(GO) env GOPATH)/bin
# The whole suite, race detector on, must stay well inside CI's 90 minutes.
TEST_TIMEOUT ?= 30m

.PHONY: all build run test unit lint deps fmt bench clean

all: build

## build: compile the skillpulse binary into bin/
build:
	$(GO) build -o $(BIN) ./cmd/skillpulse

## deps: install clickhouse-server, kcat and staticcheck if they are missing (Debian)
deps:
	./scripts/install-deps.sh

## run: the whole pipeline on the embedded defaults with the bundled sample, dashboard/API on localhost:8080
run: deps build
	./$(BIN) run --sample --data-dir $(DATA_DIR)

## test: lint, then every test with the race detector against the real services
test: deps lint
	$(GO) test -race -count=1 -timeout $(TEST_TIMEOUT) ./...

## unit: the tests without the race detector, for a quick local loop
unit:
	$(GO) test -count=1 ./...

## lint: gofmt, go vet and staticcheck must all be silent
lint:
	@out=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...
	$(GOBIN)/staticcheck ./...

## fmt: format the code
fmt:
	gofmt -w $$(git ls-files '*.go')

## bench: Go benchmarks with allocations, several counts for benchstat
bench:
	$(GO) test -run '^$$' -bench . -benchmem -count 6 ./... | tee bench.txt

clean:
	rm -rf bin bench.txt
