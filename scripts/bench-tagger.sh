#!/bin/sh
# bench-tagger.sh: the tagger's speed figures in docs/tagger.md, reproduced.
#
# Builds skillpulse, widens the embedded taxonomy to ~41,000 surface forms with
# the O*NET and ESCO copies in taxonomy/sources (`taxonomy import`), then runs
# `skillpulse bench` on both taxonomies (MB/s on one core, MB per CPU-second,
# allocations per posting, resident memory, and ripgrep -F -i -w -o -j1 over
# the same text and terms), and the Go benchmarks BenchmarkTag and
# BenchmarkTagWide with -benchmem.
#
# Needs Go and ripgrep (scripts/install-deps.sh installs it). With 41,000
# terms ripgrep runs at about 0.01 MB/s and takes 2 GB of memory, so its
# corpus is the sample postings twice (RG_MB=1, about 1 MB) and the whole
# script takes about 8 minutes. Run it on an otherwise idle machine: the
# MB/s column is wall-clock throughput (MB/CPU-s is less sensitive to other
# load). Environment: RUNS (bench runs, default 5), COUNT (go test -count,
# default 5), RG_MB; extra arguments go to `skillpulse bench`.
set -eu
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

go build -o "$tmp/skillpulse" ./cmd/skillpulse
"$tmp/skillpulse" taxonomy import \
	--onet taxonomy/sources/onet-29.2/technology_skills.txt.gz \
	--esco taxonomy/sources/esco-1.1/skills_crosssector_transversal_en.csv.gz \
	--out "$tmp/wide.yaml"
echo
"$tmp/skillpulse" bench --wide "$tmp/wide.yaml" --runs "${RUNS:-5}" --rg-mb "${RG_MB:-1}" "$@"
echo
go test ./tagger -run '^$' -bench 'BenchmarkTag' -benchmem -count "${COUNT:-5}"
