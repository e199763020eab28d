// Package htmltext turns posting descriptions, which sources deliver as
// HTML, escaped HTML or plain text, into readable plain text for the tagger
// and for people: one paragraph or list item per line, list items starting
// with "- ", no markup, scripts or styles, entities decoded.
//
// Its one job is that conversion. It depends only on the standard library
// and golang.org/x/net/html's tokenizer, and must not depend on the
// taxonomy, the tagger or any pipeline stage.
package htmltext

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// maxUnescape bounds how many layers of entity escaping FromHTML peels off
// markup that arrives escaped (Greenhouse sends "&lt;p&gt;"; some feeds
// escape that again).
const maxUnescape = 3

// FromHTML returns the readable text of s. HTML block elements (p, div, br,
// li, h1-h6, tr, ...) become line breaks, list items get "- ", script and
// style are dropped, entities are decoded, and whitespace is collapsed
// within lines; paragraphs are separated by one blank line. Markup that was
// escaped as entities ("&lt;p&gt;") is unescaped and converted too. Text
// without markup is passed through with its entities decoded and its
// whitespace tidied the same way. Valid UTF-8 in gives valid UTF-8 out.
func FromHTML(s string) string {
	for i := 0; ; i++ {
		if looksLikeHTML(s) {
			return tidy(render(s))
		}
		if i == maxUnescape || !strings.Contains(s, "&") {
			break
		}
		u := html.UnescapeString(s)
		if !looksLikeHTML(u) {
			break
		}
		s = u
	}
	return tidy(html.UnescapeString(s))
}

// looksLikeHTML reports whether s contains a tag of a known HTML element or
// a comment, so that "5 < 10 years" or "<insert name>" stay plain text.
func looksLikeHTML(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] != '<' {
			continue
		}
		rest := s[i+1:]
		if strings.HasPrefix(rest, "!--") {
			return true
		}
		rest = strings.TrimPrefix(rest, "/")
		n := 0
		for n < len(rest) && (isASCIILetter(rest[n]) || (n > 0 && rest[n] >= '0' && rest[n] <= '9')) {
			n++
		}
		if n == 0 || n == len(rest) {
			continue
		}
		if c := rest[n]; c != '>' && c != '/' && c != ' ' && c != '\t' && c != '\n' && c != '\r' {
			continue
		}
		if atom.Lookup([]byte(strings.ToLower(rest[:n]))) != 0 {
			return true
		}
	}
	return false
}

func isASCIILetter(c byte) bool { return (c|0x20) >= 'a' && (c|0x20) <= 'z' }

// render walks the tokens of s and writes text with line breaks for blocks.
func render(s string) string {
	var w writer
	w.b.Grow(len(s))
	z := html.NewTokenizer(strings.NewReader(s))
	skip := 0 // depth inside script, style and similar elements
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			return w.b.String()
		case html.TextToken:
			if skip == 0 {
				w.text(string(z.Text()))
			}
		case html.StartTagToken, html.SelfClosingTagToken, html.EndTagToken:
			name, _ := z.TagName()
			a := atom.Lookup(name)
			if hidden(a) {
				if tt == html.StartTagToken {
					skip++
				} else if tt == html.EndTagToken && skip > 0 {
					skip--
				}
				continue
			}
			if skip > 0 {
				continue
			}
			switch a {
			case atom.Br:
				w.brk(1)
			case atom.Li:
				w.brk(1)
				if tt != html.EndTagToken {
					w.bullet()
				}
			case atom.Td, atom.Th:
				w.space()
			default:
				if n := blockBreak(a); n > 0 {
					w.brk(n)
				}
			}
		}
	}
}

// hidden reports elements whose content is not text a reader sees.
func hidden(a atom.Atom) bool {
	switch a {
	case atom.Script, atom.Style, atom.Noscript, atom.Template, atom.Head, atom.Title, atom.Svg, atom.Iframe, atom.Object:
		return true
	}
	return false
}

// blockBreak returns 2 for elements that separate paragraphs, 1 for other
// block elements and 0 for inline ones.
func blockBreak(a atom.Atom) int {
	switch a {
	case atom.P, atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6, atom.Ul, atom.Ol, atom.Dl,
		atom.Table, atom.Blockquote, atom.Pre, atom.Section, atom.Article, atom.Hr:
		return 2
	case atom.Div, atom.Tr, atom.Dt, atom.Dd, atom.Header, atom.Footer, atom.Nav, atom.Main, atom.Aside,
		atom.Figure, atom.Figcaption, atom.Address, atom.Details, atom.Summary, atom.Form, atom.Fieldset,
		atom.Caption, atom.Tbody, atom.Thead, atom.Tfoot, atom.Center:
		return 1
	}
	return 0
}

// writer accumulates text, collapsing whitespace and line breaks.
type writer struct {
	b            strings.Builder
	spacePending bool
	lineEmpty    bool // nothing but a bullet written on the current line
	newlines     int  // line breaks at the end of b
}

func (w *writer) text(s string) {
	for _, r := range s {
		if unicode.IsSpace(r) {
			w.spacePending = true
			continue
		}
		if w.spacePending && !w.lineEmpty && w.b.Len() > 0 && w.newlines == 0 {
			w.b.WriteByte(' ')
		}
		w.spacePending = false
		w.lineEmpty = false
		w.newlines = 0
		w.b.WriteRune(r)
	}
}

func (w *writer) space() { w.spacePending = true }

func (w *writer) bullet() {
	w.b.WriteString("- ")
	w.lineEmpty = true
	w.newlines = 0
	w.spacePending = false
}

func (w *writer) brk(n int) {
	w.spacePending = false
	if w.b.Len() == 0 {
		return
	}
	for w.newlines < n {
		w.b.WriteByte('\n')
		w.newlines++
	}
	w.lineEmpty = false
}

// tidy collapses whitespace within lines, drops empty bullets, keeps at
// most one blank line between paragraphs and trims the ends.
func tidy(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	var b strings.Builder
	b.Grow(len(s))
	blank := 0
	for line := range strings.SplitSeq(s, "\n") {
		line = collapse(line)
		if line == "" || line == "-" {
			blank++
			continue
		}
		if b.Len() > 0 {
			b.WriteByte('\n')
			if blank > 0 {
				b.WriteByte('\n')
			}
		}
		blank = 0
		b.WriteString(line)
	}
	return b.String()
}

// collapse replaces runs of whitespace by one space and trims the ends.
func collapse(line string) string {
	clean := true
	prevSpace := true
	for _, r := range line {
		sp := unicode.IsSpace(r)
		if (sp && (prevSpace || r != ' ')) || r == utf8.RuneError {
			clean = false
			break
		}
		prevSpace = sp
	}
	if clean && !prevSpace {
		return line
	}
	var b strings.Builder
	b.Grow(len(line))
	pending := false
	for i, r := range line {
		if r == utf8.RuneError {
			// Keep invalid bytes as they were: the caller decides what
			// to do with input that was not UTF-8.
			_, size := utf8.DecodeRuneInString(line[i:])
			if size == 1 {
				if pending && b.Len() > 0 {
					b.WriteByte(' ')
				}
				pending = false
				b.WriteByte(line[i])
				continue
			}
		}
		if unicode.IsSpace(r) {
			pending = true
			continue
		}
		if pending && b.Len() > 0 {
			b.WriteByte(' ')
		}
		pending = false
		b.WriteRune(r)
	}
	return b.String()
}
