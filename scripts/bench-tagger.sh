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
# terms ripgrep spends minutes compiling its automaton, so the whole script
# takes about 10 minutes. Run it on an otherwise idle machine: the figures are
# wall-clock throughput. Environment: RUNS (bench runs, default 5), COUNT (go
# test -count, default 5); extra arguments go to `skillpulse bench`.
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
"$tmp/skillpulse" bench --wide "$tmp/wide.yaml" --runs "${RUNS:-5}" "$@"
echo
go test ./tagger -run '^$' -bench 'BenchmarkTag' -benchmem -count "${COUNT:-5}"
