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
#
# BASE=<git revision> compares instead: it builds that revision's
# skillpulse (from `git archive`, so the working tree is untouched) next to
# the current one and runs `skillpulse bench --rg '' --runs 1` of each in
# turn, ROUNDS times (default 7), interleaved so machine load hits both
# alike (the wide taxonomy is then widened from the base's, so both parse
# it), then prints each side's median MB/s and MB/CPU-s per taxonomy
# (benchstat-style: medians over interleaved runs, not one run each).
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

if [ -n "${BASE:-}" ]; then
	mkdir "$tmp/base"
	git archive "$BASE" | tar -x -C "$tmp/base"
	(cd "$tmp/base" && go build -o "$tmp/skillpulse-base" ./cmd/skillpulse)
	# The wide taxonomy both sides read is widened from the base's embedded
	# one, written by the base: a newer taxonomy may use rule fields the
	# base cannot parse, and one file for both compares the code alone.
	(cd "$tmp/base" && "$tmp/skillpulse-base" taxonomy import \
		--onet taxonomy/sources/onet-29.2/technology_skills.txt.gz \
		--esco taxonomy/sources/esco-1.1/skills_crosssector_transversal_en.csv.gz \
		--out "$tmp/wide.yaml")
	for round in $(seq "${ROUNDS:-7}"); do
		for side in base new; do
			bin="$tmp/skillpulse"
			[ "$side" = base ] && bin="$tmp/skillpulse-base"
			"$bin" bench --wide "$tmp/wide.yaml" --rg '' --runs 1 "$@" |
				awk -v side="$side" -v round="$round" '$1 == "embedded" || $1 == "wide" { print side, round, $1, $5, $7 }'
		done
	done | tee "$tmp/ab.txt"
	echo
	echo "medians over ${ROUNDS:-7} interleaved rounds (MB/s, MB/CPU-s):"
	for side in base new; do
		for tax in embedded wide; do
			mbps=$(awk -v s="$side" -v t="$tax" '$1 == s && $3 == t { print $4 }' "$tmp/ab.txt" | sort -n | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }')
			cpu=$(awk -v s="$side" -v t="$tax" '$1 == s && $3 == t { print $5 }' "$tmp/ab.txt" | sort -n | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }')
			echo "$side $tax $mbps $cpu"
		done
	done
	exit 0
fi
"$tmp/skillpulse" bench --wide "$tmp/wide.yaml" --runs "${RUNS:-5}" --rg-mb "${RG_MB:-1}" "$@"
echo
go test ./tagger -run '^$' -bench 'BenchmarkTag' -benchmem -count "${COUNT:-5}"
