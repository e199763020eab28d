package htmltext_test

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/skillpulse/skillpulse/htmltext"
)

func TestFromHTML(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"plain text passes through", "Epic Cadence analyst\nSQL and Python", "Epic Cadence analyst\nSQL and Python"},
		{"plain text entities decoded", "R&amp;D team &ndash; HL7 &gt; FHIR", "R&D team – HL7 > FHIR"},
		{"plain text with a less-than is not HTML", "Experience: <5 years with HL7", "Experience: <5 years with HL7"},
		{"plain text whitespace collapsed", "  Epic \t  Beaker  \r\n\r\n\r\nLIS  ", "Epic Beaker\n\nLIS"},
		{"paragraphs", "<p>First   paragraph.</p><p>Second\nparagraph.</p>", "First paragraph.\n\nSecond paragraph."},
		{"br and div", "<div>Line one<br>Line two<br/>Line three</div><div>Next</div>", "Line one\nLine two\nLine three\nNext"},
		{"list items", "<p>Requirements:</p><ul><li>Epic <b>Cadence</b></li><li> HL7 v2 </li></ul>", "Requirements:\n\n- Epic Cadence\n- HL7 v2"},
		{"headings", "<h2>About the role</h2><p>Build interfaces.</p><h3>Skills</h3>", "About the role\n\nBuild interfaces.\n\nSkills"},
		{"script and style dropped", "<style>p{color:red}</style><p>SQL</p><script>var x = '<p>no</p>';</script><p>R</p>", "SQL\n\nR"},
		{"entities in HTML", "<p>Caf&eacute; &amp; Co &nbsp;&mdash; C&#35; &lt;dev&gt;</p>", "Café & Co — C# <dev>"},
		{"double-escaped Greenhouse content", "&lt;p&gt;&lt;strong&gt;Epic&lt;/strong&gt; Bridges &amp;amp; HL7&lt;/p&gt;&lt;ul&gt;&lt;li&gt;FHIR&lt;/li&gt;&lt;/ul&gt;", "Epic Bridges & HL7\n\n- FHIR"},
		{"table rows", "<table><tr><td>SQL</td><td>5 years</td></tr><tr><td>Python</td><td>2 years</td></tr></table>", "SQL 5 years\nPython 2 years"},
		{"inline elements do not split words", "<p>Epic<span>Care</span> <em>Ambulatory</em></p>", "EpicCare Ambulatory"},
		{"comments dropped", "<p>A<!-- hidden SQL -->B</p>", "AB"},
		{"empty", "", ""},
		{"only markup", "<div><br><p></p></div>", ""},
		{"empty list item dropped", "<ul><li></li><li>Agile</li></ul>", "- Agile"},
		{"non-breaking spaces collapse", "<p>Epic\u00a0\u00a0Willow</p>", "Epic Willow"},
		{"uppercase tags", "<P>One</P><BR><LI>Two</LI>", "One\n\n- Two"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := htmltext.FromHTML(tt.in); got != tt.want {
				t.Errorf("FromHTML(%q)\n got %q\nwant %q", tt.in, got, tt.want)
			}
		})
	}
}

// TestFromHTMLIdempotent checks that converting the output again changes
// nothing: the extract stage may see text that was already converted.
func TestFromHTMLIdempotent(t *testing.T) {
	in := "<h1>Interface Analyst</h1><p>We need <b>HL7</b> &amp; FHIR.</p><ul><li>Rhapsody</li><li>Cloverleaf</li></ul>"
	once := htmltext.FromHTML(in)
	if twice := htmltext.FromHTML(once); twice != once {
		t.Errorf("second pass changed the text:\n once %q\ntwice %q", once, twice)
	}
}

func FuzzFromHTML(f *testing.F) {
	for _, s := range []string{
		"", "plain", "<p>x</p>", "&lt;p&gt;x&lt;/p&gt;", "<ul><li>a<li>b</ul>", "<script>x",
		"<p>\xff\xfe</p>", "&amp;amp;lt;p&amp;amp;gt;", "<br/><br/>\n\n", "a<b", "<li>", "<!--",
		"<table><tr><td>a</td></tr></table>", "<p>Epic\u00a0Cadence</p>",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out := htmltext.FromHTML(s)
		if utf8.ValidString(s) && !utf8.ValidString(out) {
			t.Fatalf("valid UTF-8 in, invalid out: %q -> %q", s, out)
		}
		if strings.HasPrefix(out, "\n") || strings.HasSuffix(out, "\n") || strings.Contains(out, "\n\n\n") {
			t.Fatalf("untidy line breaks: %q -> %q", s, out)
		}
		for line := range strings.SplitSeq(out, "\n") {
			if line != strings.TrimSpace(line) && utf8.ValidString(line) {
				t.Fatalf("line not trimmed: %q (from %q)", line, s)
			}
		}
	})
}
