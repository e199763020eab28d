// Package norm turns text into the normalised tokens the skill matcher
// compares: case-folded words with their byte offsets in the original text.
//
// Its one job is to define what a "surface form" is, so that the taxonomy
// (which validates aliases) and the tagger (which matches them in postings)
// can never disagree about it. It imports only the standard library and must
// not depend on the taxonomy, the tagger or the domain package.
//
// The rules, applied rune by rune to the original text:
//   - letters are lower-cased; curly quotes, primes, Unicode dashes and
//     exotic spaces are folded to their ASCII forms; zero-width characters
//     are ignored;
//   - a token is a run of letters, digits and combining marks;
//   - '#' and '+' directly after a token and not followed by a letter or
//     digit belong to it ("C#", "C++", "Notepad++");
//   - '.' and '&' between two word characters belong to the token
//     ("Node.js", "ASP.NET", "R&D"); a '.' that starts a word after a
//     non-word character starts the token (".NET");
//   - everything else (spaces, hyphens, slashes, apostrophes, brackets...)
//     separates tokens, so "HL7-v2", "HL7 v2" and "HL7/v2" are the same.
package norm

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Sep records which separators came between two tokens. The tagger uses it
// to find sentence, line and list boundaries without a second pass.
type Sep uint8

// The separator kinds. Several can be set at once.
const (
	// SepSpace is set for any separator at all (space, hyphen, slash...).
	SepSpace Sep = 1 << iota
	// SepList is set for ',', ';', '|' and bullets: list punctuation that
	// no surface form spans. A '/' is not one: "PL/SQL", "270/271".
	SepList
	// SepColon is set for ':'.
	SepColon
	// SepSentence is set for '.', '!' and '?' that end a sentence.
	SepSentence
	// SepLine is set for a line break.
	SepLine
	// SepParagraph is set for two or more line breaks in a row.
	SepParagraph
)

// Token is one normalised word of a text. Start and End are UTF-8 byte
// offsets into the original text (End exclusive, both on rune boundaries);
// NormStart and NormEnd index the normalised bytes the token was appended to.
// Sep holds the separators between the previous token and this one (for the
// first token: between the start of the text and it).
type Token struct {
	Start, End         int
	NormStart, NormEnd int
	Sep                Sep
}

// Append tokenises text, appending the tokens to toks and their normalised
// bytes to buf, and returns both along with the separators after the last
// token. Reusing toks and buf across calls makes tokenising allocation-free.
func Append(toks []Token, buf []byte, text string) ([]Token, []byte, Sep) {
	var (
		inTok   bool
		cur     Token
		sep     Sep
		newline int // line breaks seen in the current separator run
	)
	end := func(at int) {
		cur.End = at
		cur.NormEnd = len(buf)
		toks = append(toks, cur)
		inTok = false
		sep = 0
		newline = 0
	}
	if cap(buf)-len(buf) < len(text) {
		// ASCII text normalises to at most its own length: one growth
		// up front instead of several while appending.
		buf = slices.Grow(buf, len(text))
	}
	for i := 0; i < len(text); {
		// ASCII fast path: postings are mostly ASCII, and for ASCII, Fold
		// changes only separators into other separators.
		if c := text[i]; c < utf8.RuneSelf {
			switch asciiClass[c] {
			case classWord:
				if !inTok {
					cur = Token{Start: i, NormStart: len(buf), Sep: sep}
					inTok = true
				}
				// Copy and lower-case the run of ASCII letters and digits
				// in one sweep: lowerWord is 0 for every other byte.
				j := i
				for j < len(text) {
					l := lowerWord[text[j]]
					if l == 0 {
						break
					}
					buf = append(buf, l)
					j++
				}
				i = j
				// The common case, a plain separator next: end the token
				// here rather than through the general path.
				if j == len(text) || (text[j] < utf8.RuneSelf && asciiClass[text[j]] == classSep) {
					cur.End, cur.NormEnd = j, len(buf)
					toks = append(toks, cur)
					inTok, sep, newline = false, 0, 0
				}
				continue
			case classSep:
				if inTok {
					end(i)
				}
				sep |= SepSpace
				switch c {
				case ',', ';', '|':
					sep |= SepList
				case ':':
					sep |= SepColon
				case '.', '!', '?':
					sep |= SepSentence
				case '\n':
					sep |= SepLine
					newline++
					if newline >= 2 {
						sep |= SepParagraph
					}
				}
				i++
				continue
			}
			// '#', '+', '.', '&': the general path below decides.
		}
		r, size := rune(text[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(text[i:])
		}
		r = Fold(r)
		switch {
		case r == ignored:
			// Zero-width characters neither join nor split.
		case isWord(r):
			if !inTok {
				cur = Token{Start: i, NormStart: len(buf), Sep: sep}
				inTok = true
			}
			if r < utf8.RuneSelf {
				if 'A' <= r && r <= 'Z' {
					r += 'a' - 'A'
				}
				buf = append(buf, byte(r))
			} else {
				buf = utf8.AppendRune(buf, unicode.ToLower(r))
			}
		case (r == '#' || r == '+') && inTok:
			// Attach a run of '#' or '+' if no word character follows it.
			j := i
			for j < len(text) && text[j] == byte(r) {
				j++
			}
			if j < len(text) && isWord(nextRune(text[j:])) {
				end(i)
				sep |= SepSpace
				i = j
				continue
			}
			buf = append(buf, text[i:j]...)
			i = j
			continue
		case (r == '.' || r == '&') && inTok && i+size < len(text) && isWord(nextRune(text[i+size:])):
			buf = append(buf, byte(r))
		case r == '.' && !inTok && i+size < len(text) && isWord(nextRune(text[i+size:])) && (i == 0 || !isWord(prevRune(text[:i]))):
			cur = Token{Start: i, NormStart: len(buf), Sep: sep}
			inTok = true
			buf = append(buf, '.')
		default:
			if inTok {
				end(i)
			}
			sep |= SepSpace
			switch r {
			case ',', ';', '|', '•', '·', '▪', '◦', '●':
				sep |= SepList
			case ':':
				sep |= SepColon
			case '.', '!', '?':
				sep |= SepSentence
			case '\n', '\u2028', '\u2029':
				sep |= SepLine
				newline++
				if newline >= 2 || r == '\u2029' {
					sep |= SepParagraph
				}
			}
		}
		i += size
	}
	if inTok {
		end(len(text))
	}
	return toks, buf, sep
}

// Normalize returns the normalised tokens of s joined by single spaces: the
// key under which a surface form is matched. Two aliases with the same key
// are the same surface form.
func Normalize(s string) string {
	toks, buf, _ := Append(nil, nil, s)
	var b strings.Builder
	b.Grow(len(buf) + len(toks))
	for i, t := range toks {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.Write(buf[t.NormStart:t.NormEnd])
	}
	return b.String()
}

// Words returns the normalised tokens of s, for rule phrases that are
// compared token by token.
func Words(s string) []string {
	return strings.Fields(Normalize(s))
}

// ignored is what Fold returns for characters that neither join nor split
// tokens (zero-width spaces and joiners, the byte-order mark, soft hyphens).
const ignored = -2

// Fold maps the typographic variants job boards use to the ASCII character
// a reader would type, so that "C‑CDA" (non-breaking hyphen) or “Epic” match
// their plain forms. It returns -2 for characters to ignore.
func Fold(r rune) rune {
	if r < utf8.RuneSelf && r != '`' && r != '\t' && r != '\r' && r != '\v' && r != '\f' {
		return r
	}
	switch r {
	case '\u2018', '\u2019', '\u201A', '\u201B', '\u2032', '\u00B4', '\u0060':
		return '\''
	case '\u201C', '\u201D', '\u201E', '\u201F', '\u2033':
		return '"'
	case '\u2010', '\u2011', '\u2012', '\u2013', '\u2014', '\u2015', '\u2212', '\uFE58', '\uFE63', '\uFF0D':
		return '-'
	case '\u00A0', '\u2000', '\u2001', '\u2002', '\u2003', '\u2004', '\u2005', '\u2006',
		'\u2007', '\u2008', '\u2009', '\u200A', '\u202F', '\u205F', '\u3000', '\t', '\r', '\v', '\f':
		return ' '
	case '\u200B', '\u200C', '\u200D', '\u2060', '\uFEFF', '\u00AD':
		return ignored
	}
	return r
}

// ASCII byte classes for Append's fast path.
const (
	classSep     = iota // separates tokens; Fold maps it to a separator
	classWord           // letter or digit
	classSpecial        // '#', '+', '.', '&': depends on the neighbours
)

// asciiClass classifies the 128 ASCII bytes for Append's fast path (a
// string, so the table is constant).
const asciiClass = "\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x02\x00\x00\x02\x00\x00\x00\x00\x02\x00\x00\x02\x00\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x00\x00\x00\x00\x00\x00\x00\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x00\x00\x00\x00\x00\x00\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x00\x00\x00\x00\x00"

// lowerWord maps the ASCII letters and digits to their lower-case form and
// every other byte (separators, specials, UTF-8 bytes) to 0, for Append's
// word fast path (a string, so the table is constant).
const lowerWord = "\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x000123456789\x00\x00\x00\x00\x00\x00\x00abcdefghijklmnopqrstuvwxyz\x00\x00\x00\x00\x00\x00abcdefghijklmnopqrstuvwxyz\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00"

func isWord(r rune) bool {
	if r < utf8.RuneSelf {
		return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9'
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r)
}

func nextRune(s string) rune {
	r, _ := utf8.DecodeRuneInString(s)
	return Fold(r)
}

func prevRune(s string) rune {
	r, _ := utf8.DecodeLastRuneInString(s)
	return Fold(r)
}
