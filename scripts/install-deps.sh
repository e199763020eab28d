#!/usr/bin/env bash
# Installs what skillpulse's run and tests need on Debian, once: the
# clickhouse-server package (the managed ClickHouse), kcat (the interop
# test's independent Kafka client), ripgrep (the tagger benchmark's
# baseline), Chromium (the dashboard's browser test), poppler-utils (the PDF
# report check), Prometheus (a real scraper of the workers' /metrics) and
# staticcheck (lint). It does nothing for tools already
# present, so `make run` and `make test` call it every time.
set -euo pipefail

need=()
command -v clickhouse-server >/dev/null 2>&1 || [ -x /usr/sbin/clickhouse-server ] || need+=(clickhouse-server clickhouse-client)
command -v kcat >/dev/null 2>&1 || need+=(kcat)
command -v rg >/dev/null 2>&1 || need+=(ripgrep)
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v pdftoppm >/dev/null 2>&1 || need+=(poppler-utils)
command -v prometheus >/dev/null 2>&1 || need+=(prometheus)

if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "skillpulse needs these Debian packages: ${need[*]}" >&2
    echo "install them with: sudo apt-get update && sudo apt-get install -y ${need[*]}" >&2
    exit 1
  fi
  echo "installing ${need[*]} ..." >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
  # The package's own service is not ours: skillpulse starts its own
  # clickhouse-server under the data directory, on its own ports.
  # Likewise Prometheus: tests start their own.
  if command -v service >/dev/null 2>&1; then
    service clickhouse-server stop >/dev/null 2>&1 || true
    service prometheus stop >/dev/null 2>&1 || true
  fi
fi

GOBIN="$(go env GOPATH)/bin"
if [ ! -x "$GOBIN/staticcheck" ]; then
  echo "installing staticcheck ..." >&2
  go install honnef.co/go/tools/cmd/staticcheck@v0.8.2
fi
