package norm_test

import (
	"strings"
	"testing"

	"github.com/skillpulse/skillpulse/taxonomy/norm"
)

func TestNormalize(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"case folded", "Epic CADENCE", "epic cadence"},
		{"hyphen separates", "HL7-v2", "hl7 v2"},
		{"slash separates", "HL7/FHIR", "hl7 fhir"},
		{"c sharp kept", "C#", "c#"},
		{"c plus plus kept before comma", "C++, Java", "c++ java"},
		{"plus between words separates", "SQL+Python", "sql python"},
		{"dot net kept", "C#/.NET developer", "c# .net developer"},
		{"asp dot net kept", "ASP.NET Core", "asp.net core"},
		{"node js kept", "Node.js", "node.js"},
		{"sentence full stop dropped", "We use SQL. Python too.", "we use sql python too"},
		{"ampersand inside word kept", "R&D and E&M", "r&d and e&m"},
		{"ampersand between words separates", "Epic & Cerner", "epic cerner"},
		{"curly quotes fold", "\u201cEpic\u201d Bridges\u2019 team", "epic bridges team"},
		{"non-breaking hyphen folds", "C\u2011CDA", "c cda"},
		{"en dash separates", "ICD\u201310\u2013CM", "icd 10 cm"},
		{"nbsp separates", "Power\u00a0BI", "power bi"},
		{"zero-width space ignored", "Ep\u200bic", "epic"},
		{"parentheses separate", "401(k)", "401 k"},
		{"unicode letters kept", "Café Zürich", "café zürich"},
		{"only punctuation", " -/- ", ""},
		{"leading dot only before a word", "... and .NET", "and .net"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := norm.Normalize(tt.in); got != tt.want {
				t.Errorf("Normalize(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestAppendOffsetsAndSeparators(t *testing.T) {
	text := "Skills:\n- Epic\u00a0Cadence, “HL7”.\n\nC# / .NET!"
	toks, buf, trailing := norm.Append(nil, nil, text)
	want := []struct {
		orig, norm string
		sep        norm.Sep
	}{
		{"Skills", "skills", 0},
		{"Epic", "epic", norm.SepSpace | norm.SepColon | norm.SepLine},
		{"Cadence", "cadence", norm.SepSpace},
		{"HL7", "hl7", norm.SepSpace | norm.SepList},
		{"C#", "c#", norm.SepSpace | norm.SepSentence | norm.SepLine | norm.SepParagraph},
		{".NET", ".net", norm.SepSpace},
	}
	if len(toks) != len(want) {
		t.Fatalf("got %d tokens, want %d: %+v", len(toks), len(want), toks)
	}
	for i, w := range want {
		tk := toks[i]
		if got := text[tk.Start:tk.End]; got != w.orig {
			t.Errorf("token %d: original %q, want %q", i, got, w.orig)
		}
		if got := string(buf[tk.NormStart:tk.NormEnd]); got != w.norm {
			t.Errorf("token %d: normalised %q, want %q", i, got, w.norm)
		}
		if tk.Sep != w.sep {
			t.Errorf("token %d (%s): sep %06b, want %06b", i, w.orig, tk.Sep, w.sep)
		}
	}
	if trailing != norm.SepSpace|norm.SepSentence {
		t.Errorf("trailing sep %06b, want space|sentence", trailing)
	}
}

// TestAppendReusesBuffers checks the allocation-free contract the tagger
// relies on: with buffers big enough, tokenising allocates nothing.
func TestAppendReusesBuffers(t *testing.T) {
	text := strings.Repeat("Epic Cadence, HL7 v2 and C#/.NET; ", 20)
	toks, buf, _ := norm.Append(nil, nil, text)
	allocs := testing.AllocsPerRun(20, func() {
		toks, buf, _ = norm.Append(toks[:0], buf[:0], text)
	})
	if allocs != 0 {
		t.Errorf("Append with reused buffers allocated %.0f times per run", allocs)
	}
}

func FuzzAppend(f *testing.F) {
	for _, s := range []string{"", "C++", ".NET", "a.b.c", "\xff#+", "x#y", "Ep\u200bic", "++", "#", "..", "&a&"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		toks, buf, _ := norm.Append(nil, nil, s)
		boundary := runeStarts(s)
		prevEnd := 0
		for _, tk := range toks {
			if tk.Start < prevEnd || tk.End <= tk.Start || tk.End > len(s) {
				t.Fatalf("bad token range [%d,%d) after %d in %q", tk.Start, tk.End, prevEnd, s)
			}
			if !boundary[tk.Start] || !boundary[tk.End] {
				t.Fatalf("token [%d,%d) not on rune boundaries in %q", tk.Start, tk.End, s)
			}
			if tk.NormEnd <= tk.NormStart || tk.NormEnd > len(buf) {
				t.Fatalf("bad normalised range [%d,%d) of %d", tk.NormStart, tk.NormEnd, len(buf))
			}
			prevEnd = tk.End
		}
		if n := norm.Normalize(s); norm.Normalize(n) != n {
			t.Fatalf("Normalize not idempotent: %q -> %q -> %q", s, n, norm.Normalize(n))
		}
	})
}

// runeStarts marks the offsets where Go's decoding of s starts a rune (an
// invalid byte counts as a one-byte rune), plus len(s).
func runeStarts(s string) []bool {
	b := make([]bool, len(s)+1)
	for i := range s {
		b[i] = true
	}
	b[len(s)] = true
	return b
}
