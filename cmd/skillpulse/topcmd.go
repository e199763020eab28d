package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"strconv"
	"text/tabwriter"

	"github.com/skillpulse/skillpulse"
	"github.com/skillpulse/skillpulse/config"
	"github.com/skillpulse/skillpulse/httpapi"
)

func (m *Main) runTop(ctx context.Context, args []string) error {
	fs := m.flagSet("top", "[--from YYYY-MM-DD] [--to YYYY-MM-DD] [--kind soft|hard] [--limit N] [--format table|csv|json]",
		"Prints the skills requested by the most deduplicated postings in the period (posting days, inclusive),\n"+
			"with the share of all postings in the period that request each.")
	cf := config.Register(fs, false)
	from := fs.String("from", "", "first posting `day`, YYYY-MM-DD (default: open)")
	to := fs.String("to", "", "last posting `day`, YYYY-MM-DD (default: open)")
	kind := fs.String("kind", "", "soft or hard (default: both)")
	limit := fs.Int("limit", 20, "number of skills, 1 to 1000")
	format := fs.String("format", "table", "table, csv or json")
	if err := parse(fs, args); err != nil {
		return err
	}
	v := url.Values{"from": {*from}, "to": {*to}, "kind": {*kind}, "limit": {strconv.Itoa(*limit)}}
	q, err := httpapi.TopQueryFromValues(v)
	if err != nil {
		return usageError{"top: " + err.Error()}
	}
	if *format != "table" && *format != "csv" && *format != "json" {
		return usageError{fmt.Sprintf("top: --format %q: want table, csv or json", *format)}
	}
	cfg, err := cf.Load(m.Getenv)
	if err != nil {
		return err
	}
	db, err := m.connectClickHouse(ctx, cfg, nil, false, m.logger())
	if err != nil {
		return err
	}
	defer db.Close()
	rows, err := db.TopSkills(ctx, q)
	if err != nil {
		return err
	}
	total, err := db.PostingCount(ctx, q.Slice)
	if err != nil {
		return err
	}
	switch *format {
	case "csv":
		return httpapi.WriteSkillCountsCSV(m.Stdout, rows)
	case "json":
		if rows == nil {
			rows = []skillpulse.SkillCount{}
		}
		enc := json.NewEncoder(m.Stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(map[string]any{"postings": total, "skills": rows})
	}
	tw := tabwriter.NewWriter(m.Stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "RANK\tSKILL\tKIND\tCATEGORY\tPOSTINGS\tSHARE\t\n")
	for i, r := range rows {
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%d\t%.1f%%\t\n", i+1, r.Skill, r.Kind, r.Category, r.Postings, 100*r.Share)
	}
	tw.Flush()
	fmt.Fprintf(m.Stdout, "%d deduplicated postings in the period.\n", total)
	return nil
}
