package extract_test

import (
	"bufio"
	"encoding/json"
	"testing"

	"github.com/skillpulse/skillpulse"
	"github.com/skillpulse/skillpulse/extract"
	"github.com/skillpulse/skillpulse/htmltext"
	"github.com/skillpulse/skillpulse/sampledata"
	"github.com/skillpulse/skillpulse/tagger"
)

// samplePostings are the bundled sample's raw messages, realistic HTML ads.
func samplePostings(tb testing.TB) [][]byte {
	tb.Helper()
	var out [][]byte
	sc := bufio.NewScanner(sampledata.Postings())
	sc.Buffer(make([]byte, 0, 1<<20), 1<<20)
	for sc.Scan() {
		out = append(out, append([]byte(nil), sc.Bytes()...))
	}
	if err := sc.Err(); err != nil || len(out) == 0 {
		tb.Fatalf("read sample: %v (%d lines)", err, len(out))
	}
	return out
}

func mustExtractor(tb testing.TB) *extract.Extractor {
	tb.Helper()
	tg, tax, err := tagger.Default()
	if err != nil {
		tb.Fatal(err)
	}
	return &extract.Extractor{Tagger: tg, TaxonomyVersion: tax.Version}
}

// BenchmarkExtractMessage is the extract stage's work per raw message:
// parse, HTML to text, tag, encode the tagged posting. Compare its parts
// with the sub-benchmarks to see where a posting's time goes.
func BenchmarkExtractMessage(b *testing.B) {
	msgs := samplePostings(b)
	ex := mustExtractor(b)
	var bytes int64
	for _, m := range msgs {
		bytes += int64(len(m))
	}
	b.Run("whole", func(b *testing.B) {
		b.SetBytes(bytes / int64(len(msgs)))
		b.ReportAllocs()
		for i := 0; b.Loop(); i++ {
			p, err := skillpulse.ParseRawPosting(msgs[i%len(msgs)])
			if err != nil {
				b.Fatal(err)
			}
			if _, err := json.Marshal(ex.Extract(p)); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("parse", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; b.Loop(); i++ {
			if _, err := skillpulse.ParseRawPosting(msgs[i%len(msgs)]); err != nil {
				b.Fatal(err)
			}
		}
	})
	var posts []skillpulse.RawPosting
	for _, m := range msgs {
		p, _ := skillpulse.ParseRawPosting(m)
		posts = append(posts, p)
	}
	b.Run("html", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; b.Loop(); i++ {
			htmltext.FromHTML(posts[i%len(posts)].Description)
		}
	})
	texts := make([]string, len(posts))
	for i, p := range posts {
		texts[i] = extract.PostingText(p)
	}
	b.Run("tag", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; b.Loop(); i++ {
			ex.Tagger.Tag(texts[i%len(texts)])
		}
	})
}
