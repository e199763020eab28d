package ingest_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/skillpulse/skillpulse"
	"github.com/skillpulse/skillpulse/ingest"
	"github.com/skillpulse/skillpulse/internal/memqueue"
)

const goodLine = `{"source":"lever","source_id":"a1","title":"Epic Analyst","employer":"Lakeshore Health","location":"Austin, TX","posted_at":"2026-10-01","description":"<p>Epic Cadence and SQL</p>","team":"IT"}`

func newImporter(q *memqueue.Queue) *ingest.Importer {
	return &ingest.Importer{Publisher: q, RawTopic: "raw", DLQTopic: "dlq", BatchSize: 2}
}

func TestImportJSONLines(t *testing.T) {
	in := strings.Join([]string{
		goodLine,
		"",
		`{"source":"lever","source_id":"a2","title":"","posted_at":"2026-10-01","description":"x"}`,
		`<html>not json</html>`,
		strings.Replace(goodLine, `"a1"`, `"a3"`, 1),
		`{"source":"lever","source_id":"a4","title":"t","posted_at":"last week","description":"x"}`,
	}, "\n")
	q := memqueue.New()
	sum, err := newImporter(q).Import(context.Background(), "feed.jsonl", strings.NewReader(in), ingest.JSONLines)
	if err != nil {
		t.Fatal(err)
	}
	if sum.Read != 5 || sum.Published != 2 || sum.Rejected != 3 {
		t.Errorf("summary = %+v", sum)
	}
	want := "read 5, published 2, rejected 3 (1 bad JSON; 1 posted_at; 1 title is empty)"
	if sum.String() != want {
		t.Errorf("String() = %q, want %q", sum.String(), want)
	}
	raw := q.Messages("raw")
	if len(raw) != 2 || string(raw[0].Key) != "lever:a1" || string(raw[1].Key) != "lever:a3" {
		t.Fatalf("raw messages = %v", raw)
	}
	// The value is the input line itself: unknown fields reach Kafka intact.
	if string(raw[0].Value) != goodLine {
		t.Errorf("raw value = %s", raw[0].Value)
	}
	dlq := q.Messages("dlq")
	if len(dlq) != 3 {
		t.Fatalf("dlq has %d messages, want 3", len(dlq))
	}
	var dl skillpulse.DeadLetter
	if err := json.Unmarshal(dlq[1].Value, &dl); err != nil {
		t.Fatal(err)
	}
	if dl.Stage != "ingest" || !strings.Contains(dl.Reason, "feed.jsonl line 4") || dl.Value != "<html>not json</html>" {
		t.Errorf("dead letter = %+v", dl)
	}
}

func TestImportCSVAndGzip(t *testing.T) {
	csvText := "source,source_id,title,employer,location,posted_at,description,shift\n" +
		"workday,W1,Interface Analyst,Summit Valley,\"Columbus, OH\",2026-09-02,\"<p>HL7 and FHIR</p>\",day\n" +
		"workday,W2,Broken,row\n"
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write([]byte(csvText))
	zw.Close()
	for name, body := range map[string][]byte{"plain.csv": []byte(csvText), "packed.csv.gz": gz.Bytes()} {
		t.Run(name, func(t *testing.T) {
			q := memqueue.New()
			sum, err := newImporter(q).Import(context.Background(), name, bytes.NewReader(body), ingest.FormatOf(name))
			if err != nil {
				t.Fatal(err)
			}
			if sum.Read != 2 || sum.Published != 1 || sum.Rejected != 1 {
				t.Errorf("summary = %+v", sum)
			}
			raw := q.Messages("raw")
			if len(raw) != 1 {
				t.Fatalf("raw = %v", raw)
			}
			p, err := skillpulse.ParseRawPosting(raw[0].Value)
			if err != nil {
				t.Fatal(err)
			}
			if p.Location != "Columbus, OH" || string(p.Extra["shift"]) != `"day"` {
				t.Errorf("posting = %+v", p)
			}
		})
	}
}

func TestFormatOf(t *testing.T) {
	for name, want := range map[string]ingest.Format{
		"a.csv": ingest.CSV, "a.CSV.gz": ingest.CSV, "a.jsonl": ingest.JSONLines, "a.json.gz": ingest.JSONLines,
	} {
		if got := ingest.FormatOf(name); got != want {
			t.Errorf("FormatOf(%q) = %s, want %s", name, got, want)
		}
	}
}

func TestInboxImportsEachFileOnceAcrossRestarts(t *testing.T) {
	dir := t.TempDir()
	inbox := filepath.Join(dir, "inbox")
	cursorPath := filepath.Join(dir, "state", "inbox.json")
	if err := os.MkdirAll(inbox, 0o755); err != nil {
		t.Fatal(err)
	}
	write := func(name, body string) {
		if err := os.WriteFile(filepath.Join(inbox, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("a.jsonl", goodLine+"\n")
	write("notes.txt", "ignored")
	q := memqueue.New()
	run := func() ingest.Summary {
		t.Helper()
		c, err := ingest.OpenCursor(cursorPath)
		if err != nil {
			t.Fatal(err)
		}
		in := &ingest.Inbox{Dir: inbox, Cursor: c, Importer: newImporter(q)}
		sum, err := in.Once(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		return sum
	}
	if sum := run(); sum.Published != 1 {
		t.Fatalf("first scan published %d, want 1", sum.Published)
	}
	if sum := run(); sum.Read != 0 {
		t.Fatalf("restart re-read %d postings of an unchanged file", sum.Read)
	}
	write("a.jsonl", goodLine+"\n"+strings.Replace(goodLine, `"a1"`, `"a9"`, 1)+"\n")
	if sum := run(); sum.Published != 2 {
		t.Fatalf("changed file: published %d, want 2 (the whole file again)", sum.Published)
	}
	if got := len(q.Messages("raw")); got != 3 {
		t.Errorf("raw topic has %d messages, want 3", got)
	}
}

func TestImportStopsOnPublishFailure(t *testing.T) {
	q := memqueue.New()
	q.FailNextPublish(os.ErrDeadlineExceeded)
	_, err := newImporter(q).Import(context.Background(), "f.jsonl", strings.NewReader(goodLine), ingest.JSONLines)
	if err == nil || !strings.Contains(err.Error(), "f.jsonl") {
		t.Fatalf("err = %v, want a publish error naming the file", err)
	}
}

func FuzzDecodeJSONLines(f *testing.F) {
	f.Add([]byte(goodLine + "\n{\n\xff\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		dec, err := ingest.NewDecoder(bytes.NewReader(b), ingest.JSONLines)
		if err != nil {
			return
		}
		for i := 0; i < 10000; i++ {
			rec, err := dec.Next()
			if err != nil {
				return
			}
			if rec.Err == nil && rec.Posting.Validate() != nil {
				t.Fatalf("record accepted but invalid: %+v", rec)
			}
		}
	})
}

func FuzzDecodeCSV(f *testing.F) {
	f.Add([]byte("source,source_id,title,posted_at,description\ns,1,t,2026-01-01,d\n\"unterminated\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		dec, err := ingest.NewDecoder(bytes.NewReader(b), ingest.CSV)
		if err != nil {
			return
		}
		for i := 0; i < 10000; i++ {
			rec, err := dec.Next()
			if err != nil {
				return
			}
			if rec.Err == nil && rec.Posting.Validate() != nil {
				t.Fatalf("record accepted but invalid: %+v", rec)
			}
		}
	})
}
