// Package ingest brings job postings from their sources into postings.raw.
//
// This file reads bulk files: JSON lines of the raw posting format, CSV with a
// header naming the same fields, and either one gzip-compressed. Ingest
// publishes through skillpulse.Publisher and never imports extract or
// aggregate: the stages meet in Kafka.
package ingest

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/skillpulse/skillpulse"
)

// Format is a bulk file format.
type Format string

// The formats ingest reads.
const (
	JSONLines Format = "jsonl"
	CSV       Format = "csv"
)

// FormatOf picks the format from a file name: .csv is CSV, everything else
// (.jsonl, .ndjson, .json) is JSON lines; a trailing .gz is looked through.
func FormatOf(name string) Format {
	name = strings.TrimSuffix(strings.ToLower(name), ".gz")
	if filepath.Ext(name) == ".csv" {
		return CSV
	}
	return JSONLines
}

// maxLine bounds one JSON line, so one broken file cannot exhaust memory.
const maxLine = 16 << 20

// Record is one posting read from a file. Exactly one of Posting and Err is
// meaningful: Err says why the record was rejected, and Raw keeps its bytes
// for the dead-letter topic.
type Record struct {
	// Line is the 1-based line (JSON lines) or record (CSV, header excluded) number.
	Line    int
	Posting skillpulse.RawPosting
	Raw     []byte
	Err     error
}

// Decoder reads Records from a bulk file.
type Decoder struct {
	next func() (Record, error)
}

// NewDecoder reads r in the given format; gzip input is detected by its magic
// bytes and decompressed.
func NewDecoder(r io.Reader, f Format) (*Decoder, error) {
	br := bufio.NewReaderSize(r, 64<<10)
	if magic, err := br.Peek(2); err == nil && magic[0] == 0x1f && magic[1] == 0x8b {
		zr, err := gzip.NewReader(br)
		if err != nil {
			return nil, fmt.Errorf("gzip: %w", err)
		}
		br = bufio.NewReaderSize(zr, 64<<10)
	}
	switch f {
	case JSONLines:
		return &Decoder{next: jsonLines(br)}, nil
	case CSV:
		next, err := csvRecords(br)
		if err != nil {
			return nil, err
		}
		return &Decoder{next: next}, nil
	}
	return nil, fmt.Errorf("unknown format %q", f)
}

// Next returns the next record, or io.EOF at the end. Any other error means
// the file itself cannot be read further; a bad record is a Record with Err.
func (d *Decoder) Next() (Record, error) { return d.next() }

func jsonLines(br *bufio.Reader) func() (Record, error) {
	sc := bufio.NewScanner(br)
	sc.Buffer(make([]byte, 0, 64<<10), maxLine)
	line := 0
	return func() (Record, error) {
		for sc.Scan() {
			line++
			b := bytes.TrimSpace(sc.Bytes())
			if len(b) == 0 {
				continue
			}
			raw := bytes.Clone(b)
			p, err := skillpulse.ParseRawPosting(raw)
			return Record{Line: line, Posting: p, Raw: raw, Err: err}, nil
		}
		if err := sc.Err(); err != nil {
			if errors.Is(err, bufio.ErrTooLong) {
				return Record{}, fmt.Errorf("line %d: longer than %d bytes", line+1, maxLine)
			}
			return Record{}, fmt.Errorf("line %d: %w", line+1, err)
		}
		return Record{}, io.EOF
	}
}

func csvRecords(br *bufio.Reader) (func() (Record, error), error) {
	cr := csv.NewReader(br)
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = false
	header, err := cr.Read()
	if errors.Is(err, io.EOF) {
		return func() (Record, error) { return Record{}, io.EOF }, nil
	}
	if err != nil {
		return nil, fmt.Errorf("csv header: %w", err)
	}
	for i := range header {
		header[i] = strings.TrimSpace(strings.TrimPrefix(header[i], "\ufeff"))
	}
	n := 0
	return func() (Record, error) {
		row, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return Record{}, io.EOF
		}
		n++
		var perr *csv.ParseError
		if errors.As(err, &perr) {
			return Record{Line: n, Raw: []byte(strings.Join(row, ",")), Err: fmt.Errorf("%w: csv: %v", skillpulse.ErrInvalidPosting, perr.Err)}, nil
		}
		if err != nil {
			return Record{}, fmt.Errorf("csv record %d: %w", n, err)
		}
		if len(row) != len(header) {
			return Record{Line: n, Raw: []byte(strings.Join(row, ",")),
				Err: fmt.Errorf("%w: csv record has %d fields, header has %d", skillpulse.ErrInvalidPosting, len(row), len(header))}, nil
		}
		obj := make(map[string]string, len(header))
		for i, name := range header {
			obj[name] = row[i]
		}
		raw, err := json.Marshal(obj)
		if err != nil {
			return Record{}, fmt.Errorf("csv record %d: %w", n, err)
		}
		p, err := skillpulse.ParseRawPosting(raw)
		return Record{Line: n, Posting: p, Raw: raw, Err: err}, nil
	}, nil
}
