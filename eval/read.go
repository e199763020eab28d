package eval

import (
	"bufio"
	"compress/gzip"
	"fmt"
	"io"
	"io/fs"
	"strings"
)

// ReadCoNLL reads BIO-tagged sentences: one token per line followed by its
// tags (tab or space separated), a blank line between sentences. cols names
// the gold layer of each tag column; "*" files a span under its own type
// ("B-Skill" under "Skill"). If all is not empty, every span is also filed
// under it. The sentence text is the tokens joined by single spaces, and
// Tokens holds each token's byte range in it.
func ReadCoNLL(r io.Reader, cols []string, all string) ([]Sentence, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64<<10), 1<<20)
	var (
		out  []Sentence
		toks []string
		tags [][]string
	)
	flush := func() {
		if len(toks) > 0 {
			out = append(out, buildSentence(toks, tags, cols, all))
		}
		toks, tags = nil, nil
	}
	for line := 1; sc.Scan(); line++ {
		f := strings.Fields(sc.Text())
		if len(f) == 0 {
			flush()
			continue
		}
		if len(f) < 1+len(cols) {
			return nil, fmt.Errorf("conll line %d: %d fields, want a token and %d tags", line, len(f), len(cols))
		}
		toks = append(toks, f[0])
		tags = append(tags, f[1:1+len(cols)])
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read conll: %w", err)
	}
	flush()
	return out, nil
}

func buildSentence(toks []string, tags [][]string, cols []string, all string) Sentence {
	var b strings.Builder
	starts := make([]int, len(toks))
	for i, t := range toks {
		if i > 0 {
			b.WriteByte(' ')
		}
		starts[i] = b.Len()
		b.WriteString(t)
	}
	s := Sentence{Text: b.String(), Gold: make(map[string][]Span), Tokens: make([]Span, len(toks))}
	for i, t := range toks {
		s.Tokens[i] = Span{starts[i], starts[i] + len(t)}
	}
	for c, col := range cols {
		open, layer := -1, ""
		close := func(end int) {
			if open >= 0 {
				sp := Span{starts[open], starts[end-1] + len(toks[end-1])}
				s.Gold[layer] = append(s.Gold[layer], sp)
				if all != "" {
					s.Gold[all] = append(s.Gold[all], sp)
				}
			}
			open = -1
		}
		for i := range toks {
			tag := tags[i][c]
			kind, typ, _ := strings.Cut(tag, "-")
			name := col
			if col == "*" {
				name = typ
			}
			switch {
			case kind == "B" || (kind == "I" && (open < 0 || name != layer)):
				close(i)
				open, layer = i, name
			case kind == "I":
			default:
				close(i)
			}
		}
		close(len(toks))
	}
	return s
}

// ReadMarked reads text with inline span labels, the format of the Health
// IT set: "{{hard|Epic Beaker}}" files "Epic Beaker" under layer "hard".
// The markup is removed from the text and the spans point into what is
// left, so postings read like real ads. Unbalanced or empty markup is an
// error naming the byte offset.
func ReadMarked(marked string) (Sentence, error) {
	s := Sentence{Gold: make(map[string][]Span)}
	var b strings.Builder
	rest := marked
	for {
		i := strings.Index(rest, "{{")
		if i < 0 {
			if strings.Contains(rest, "}}") {
				return Sentence{}, fmt.Errorf("marked text: \"}}\" without \"{{\" near byte %d", len(marked)-len(rest))
			}
			b.WriteString(rest)
			break
		}
		b.WriteString(rest[:i])
		at := len(marked) - len(rest) + i
		body, after, ok := strings.Cut(rest[i+2:], "}}")
		if !ok {
			return Sentence{}, fmt.Errorf("marked text: unclosed \"{{\" at byte %d", at)
		}
		layer, text, ok := strings.Cut(body, "|")
		if !ok || layer == "" || text == "" || strings.Contains(text, "{{") {
			return Sentence{}, fmt.Errorf("marked text: %q at byte %d: want {{layer|text}}", body, at)
		}
		start := b.Len()
		b.WriteString(text)
		s.Gold[layer] = append(s.Gold[layer], Span{start, b.Len()})
		rest = after
	}
	s.Text = b.String()
	return s, nil
}

// open opens name in fsys, decompressing it if it ends in .gz.
func open(fsys fs.FS, name string) (io.ReadCloser, error) {
	f, err := fsys.Open(name)
	if err != nil {
		return nil, err
	}
	if !strings.HasSuffix(name, ".gz") {
		return f, nil
	}
	z, err := gzip.NewReader(f)
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return gzipFile{z, f}, nil
}

type gzipFile struct {
	*gzip.Reader
	f fs.File
}

func (g gzipFile) Close() error {
	g.Reader.Close()
	return g.f.Close()
}
