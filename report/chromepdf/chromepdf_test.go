package chromepdf_test

import (
	"context"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/skillpulse/skillpulse/internal/fakeanalytics"
	"github.com/skillpulse/skillpulse/report"
	"github.com/skillpulse/skillpulse/report/chromepdf"
)

// MustTools fails with instructions when Chromium or poppler-utils are
// missing (`make deps` installs both; CI has them).
func MustTools(tb testing.TB) {
	tb.Helper()
	if _, err := chromepdf.FindChrome(""); err != nil {
		tb.Fatalf("%v (run `make deps`)", err)
	}
	for _, tool := range []string{"pdftoppm", "pdftotext"} {
		if _, err := exec.LookPath(tool); err != nil {
			tb.Fatalf("%s not installed: apt-get install poppler-utils (or `make deps`)", tool)
		}
	}
}

// artifactDir is $SKILLPULSE_ARTIFACTS/name when set, so CI keeps the
// rendered pages; otherwise a temporary directory.
func artifactDir(t *testing.T, name string) string {
	t.Helper()
	if base := os.Getenv("SKILLPULSE_ARTIFACTS"); base != "" {
		dir := filepath.Join(base, name)
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		return dir
	}
	return t.TempDir()
}

func TestReportPDFRendersWithChartsAndText(t *testing.T) {
	MustTools(t)
	f := fakeanalytics.Sample()
	from := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	rep, err := report.Build(context.Background(), f, report.Request{From: from, To: from.AddDate(0, 0, 29), TaxonomyVersion: "test"}, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	files, err := report.Write(ctx, rep, dir, []report.Format{report.PDF, report.Markdown, report.CSV}, chromepdf.Printer{})
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"report.pdf", "report.html", "report.md", "report.csv", "movers.svg"} {
		if _, err := os.Stat(filepath.Join(dir, want)); err != nil {
			t.Errorf("%s not written (files %v)", want, files)
		}
	}
	pdf := filepath.Join(dir, "report.pdf")
	out := artifactDir(t, "report-pdf")
	if b, err := exec.CommandContext(ctx, "pdftoppm", "-png", "-r", "60", pdf, filepath.Join(out, "page")).CombinedOutput(); err != nil {
		t.Fatalf("pdftoppm: %v\n%s", err, b)
	}
	pages, _ := filepath.Glob(filepath.Join(out, "page-*.png"))
	if len(pages) < 2 {
		t.Fatalf("%d pages rendered, want at least 2 (the report has charts, tables and the method)", len(pages))
	}
	// The first page carries the headline and the top-skills charts: it
	// must have a good deal of ink, and the chart colours must be there.
	img := mustPNG(t, pages[0])
	ink, hard := 0, 0
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bl, _ := img.At(x, y).RGBA()
			if r < 0xe000 || g < 0xe000 || bl < 0xe000 {
				ink++
			}
			if near(r, 0x1f) && near(g, 0x5f) && near(bl, 0xa8) {
				hard++
			}
		}
	}
	area := b.Dx() * b.Dy()
	if ink < area/50 {
		t.Errorf("page 1 is nearly blank: %d of %d pixels inked", ink, area)
	}
	if hard < 50 {
		t.Errorf("page 1 has %d pixels of the hard-skill bar colour: the chart images did not render", hard)
	}
	txt, err := exec.CommandContext(ctx, "pdftotext", "-layout", pdf, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{rep.Title, "Headline figures", "Movers since", "Method", rep.TopHard[0].Skill} {
		if !strings.Contains(string(txt), want) {
			t.Errorf("PDF text lacks %q", want)
		}
	}
	t.Logf("%d pages rendered to %s", len(pages), out)
}

func near(v uint32, want uint8) bool {
	d := int(v>>8) - int(want)
	return d > -24 && d < 24
}

func mustPNG(t *testing.T, path string) image.Image {
	t.Helper()
	fh, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer fh.Close()
	img, err := png.Decode(fh)
	if err != nil {
		t.Fatal(err)
	}
	return img
}
