package report

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// Format is an output format of a report.
type Format string

// The formats Write produces.
const (
	HTML     Format = "html"
	PDF      Format = "pdf"
	Markdown Format = "md"
	CSV      Format = "csv"
)

// ParseFormats reads a comma-separated list such as "html,pdf,md,csv".
func ParseFormats(s string) ([]Format, error) {
	var out []Format
	seen := map[Format]bool{}
	for _, p := range strings.Split(s, ",") {
		f := Format(strings.ToLower(strings.TrimSpace(p)))
		switch f {
		case HTML, PDF, Markdown, CSV:
		case "":
			continue
		default:
			return nil, fmt.Errorf("format %q: want html, pdf, md or csv", p)
		}
		if !seen[f] {
			seen[f] = true
			out = append(out, f)
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("no format: want one or more of html, pdf, md, csv")
	}
	return out, nil
}

// Printer turns an HTML file into PDF bytes; the chromepdf package prints
// with headless Chromium.
type Printer interface {
	PrintPDF(ctx context.Context, htmlFile string) ([]byte, error)
}

// Write renders rep in each format into dir (created if missing) as
// report.html, report.pdf, report.md and report.csv, with the charts as
// SVG files next to them, and returns the paths written, sorted. PDF needs
// a Printer; it prints the HTML, which is then written too.
func Write(ctx context.Context, rep *Report, dir string, formats []Format, pr Printer) ([]string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("report: %w", err)
	}
	want := map[Format]bool{}
	for _, f := range formats {
		want[f] = true
	}
	if want[PDF] {
		if pr == nil {
			return nil, fmt.Errorf("report: pdf needs a printer (headless Chromium)")
		}
		want[HTML] = true
	}
	var files []string
	put := func(name string, data []byte) error {
		p := filepath.Join(dir, name)
		if err := writeAtomic(p, data); err != nil {
			return fmt.Errorf("report: write %s: %w", p, err)
		}
		files = append(files, p)
		return nil
	}
	if want[Markdown] || want[HTML] {
		for name, svg := range rep.Charts() {
			if err := put(name, []byte(svg)); err != nil {
				return nil, err
			}
		}
	}
	render := map[Format]func(*bytes.Buffer) error{
		HTML:     func(b *bytes.Buffer) error { return rep.WriteHTML(b) },
		Markdown: func(b *bytes.Buffer) error { return rep.WriteMarkdown(b) },
		CSV:      func(b *bytes.Buffer) error { return rep.WriteCSV(b) },
	}
	for _, f := range []Format{HTML, Markdown, CSV} {
		if !want[f] {
			continue
		}
		var b bytes.Buffer
		if err := render[f](&b); err != nil {
			return nil, fmt.Errorf("report: render %s: %w", f, err)
		}
		if err := put("report."+string(f), b.Bytes()); err != nil {
			return nil, err
		}
	}
	if want[PDF] {
		abs, err := filepath.Abs(filepath.Join(dir, "report.html"))
		if err != nil {
			return nil, fmt.Errorf("report: %w", err)
		}
		pdf, err := pr.PrintPDF(ctx, abs)
		if err != nil {
			return nil, fmt.Errorf("report: pdf: %w", err)
		}
		if err := put("report.pdf", pdf); err != nil {
			return nil, err
		}
	}
	sort.Strings(files)
	return files, nil
}

// writeAtomic writes through a temporary file and a rename, so a reader
// (or a webhook consumer fetching the file) never sees half a report.
func writeAtomic(path string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".report-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
