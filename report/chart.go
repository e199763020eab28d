package report

import (
	"fmt"
	"html"
	"math"
	"strings"

	"github.com/skillpulse/skillpulse"
)

// Chart colours: the dashboard's, with AA contrast on white.
const (
	colHard = "#1f5fa8"
	colSoft = "#b4481b"
	colUp   = "#1d7a3e"
	colDown = "#b3261e"
	colLine = "#d0d5dc"
	colInk  = "#1b1f24"
)

// bar is one row of a bar chart.
type bar struct {
	label string
	value float64
	text  string
	color string
}

// barsSVG draws horizontal bars, signed when values can be negative. The
// SVG is self-contained (no fonts or styles from outside) so it renders
// the same in a browser, an image viewer and Chromium's PDF printer.
func barsSVG(title string, rows []bar, signed bool) string {
	const w, rowH, left, right, top = 640, 26, 200, 90, 30
	h := top + len(rows)*rowH + 10
	if len(rows) == 0 {
		h = top + 30
	}
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" viewBox="0 0 %d %d" role="img" aria-label="%s" font-family="Helvetica, Arial, sans-serif" font-size="13">`, w, h, w, h, esc(title))
	fmt.Fprintf(&b, `<rect width="100%%" height="100%%" fill="#fff"/><text x="0" y="18" font-size="15" font-weight="bold" fill="%s">%s</text>`, colInk, esc(title))
	if len(rows) == 0 {
		fmt.Fprintf(&b, `<text x="0" y="%d" fill="%s">No skills in this period.</text></svg>`, top+18, colInk)
		return b.String()
	}
	maxV := 1e-9
	for _, r := range rows {
		maxV = math.Max(maxV, math.Abs(r.value))
	}
	span := float64(w - left - right)
	zero := float64(left)
	scale := span / maxV
	if signed {
		zero, scale = float64(left)+span/2, span/2/maxV
	}
	for i, r := range rows {
		y := float64(top + i*rowH)
		bw := math.Max(math.Abs(r.value)*scale, 1)
		x, tx, anchor := zero, zero+bw+4, "start"
		if r.value < 0 {
			x, tx, anchor = zero-bw, zero-bw-4, "end"
		}
		label := r.label
		if len([]rune(label)) > 25 {
			label = string([]rune(label)[:24]) + "…"
		}
		fmt.Fprintf(&b, `<text x="%d" y="%.1f" text-anchor="end" fill="%s">%s</text>`, left-8, y+17, colInk, esc(label))
		fmt.Fprintf(&b, `<rect x="%.1f" y="%.1f" width="%.1f" height="%d" rx="2" fill="%s"/>`, x, y+4, bw, rowH-8, r.color)
		fmt.Fprintf(&b, `<text x="%.1f" y="%.1f" text-anchor="%s" fill="%s">%s</text>`, tx, y+17, anchor, colInk, esc(r.text))
	}
	if signed {
		fmt.Fprintf(&b, `<line x1="%.1f" x2="%.1f" y1="%d" y2="%d" stroke="%s"/>`, zero, zero, top, h-6, colLine)
	}
	b.WriteString("</svg>")
	return b.String()
}

// shareSVG draws the soft and hard share of postings per period.
func shareSVG(title string, pts []skillpulse.KindShare) string {
	const w, h, l, r, t, bm = 640, 260, 48, 16, 34, 34
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" viewBox="0 0 %d %d" role="img" aria-label="%s" font-family="Helvetica, Arial, sans-serif" font-size="12">`, w, h, w, h, esc(title))
	fmt.Fprintf(&b, `<rect width="100%%" height="100%%" fill="#fff"/><text x="0" y="18" font-size="15" font-weight="bold" fill="%s">%s</text>`, colInk, esc(title))
	if len(pts) == 0 {
		fmt.Fprintf(&b, `<text x="0" y="50" fill="%s">No postings in this period.</text></svg>`, colInk)
		return b.String()
	}
	x := func(i int) float64 {
		if len(pts) == 1 {
			return float64(l) + float64(w-l-r)/2
		}
		return float64(l) + float64(i)*float64(w-l-r)/float64(len(pts)-1)
	}
	y := func(v float64) float64 { return float64(t) + float64(h-t-bm)*(1-v) }
	for k := 0; k <= 4; k++ {
		v := float64(k) / 4
		fmt.Fprintf(&b, `<line x1="%d" x2="%d" y1="%.1f" y2="%.1f" stroke="%s"/><text x="%d" y="%.1f" text-anchor="end" fill="%s">%d%%</text>`,
			l, w-r, y(v), y(v), colLine, l-4, y(v)+4, colInk, k*25)
	}
	every := (len(pts) + 5) / 6
	for i, p := range pts {
		if i%every == 0 {
			fmt.Fprintf(&b, `<text x="%.1f" y="%d" text-anchor="middle" fill="%s">%s</text>`, x(i), h-10, colInk, p.Period.Format("Jan 2"))
		}
	}
	for _, s := range []struct {
		color, dash, name string
		v                 func(skillpulse.KindShare) float64
	}{
		{colHard, "", "hard", func(p skillpulse.KindShare) float64 { return p.HardShare }},
		{colSoft, ` stroke-dasharray="6 3"`, "soft", func(p skillpulse.KindShare) float64 { return p.SoftShare }},
	} {
		var line []string
		for i, p := range pts {
			line = append(line, fmt.Sprintf("%.1f,%.1f", x(i), y(s.v(p))))
		}
		fmt.Fprintf(&b, `<polyline fill="none" stroke="%s" stroke-width="2.5"%s points="%s"/>`, s.color, s.dash, strings.Join(line, " "))
	}
	fmt.Fprintf(&b, `<rect x="%d" y="24" width="10" height="10" fill="%s"/><text x="%d" y="33" fill="%s">asks for a hard skill</text>`, w-300, colHard, w-286, colInk)
	fmt.Fprintf(&b, `<rect x="%d" y="24" width="10" height="10" fill="%s"/><text x="%d" y="33" fill="%s">asks for a soft skill</text>`, w-150, colSoft, w-136, colInk)
	b.WriteString("</svg>")
	return b.String()
}

func esc(s string) string { return html.EscapeString(s) }

func pct(x float64) string { return fmt.Sprintf("%.1f%%", 100*x) }

func points(x float64) string { return fmt.Sprintf("%+.1f pts", 100*x) }

func skillBars(rows []skillpulse.SkillCount) []bar {
	out := make([]bar, len(rows))
	for i, r := range rows {
		c := colHard
		if r.Kind == skillpulse.Soft {
			c = colSoft
		}
		out[i] = bar{label: r.Skill, value: r.Share, text: fmt.Sprintf("%s (%d)", pct(r.Share), r.Postings), color: c}
	}
	return out
}

func moverBars(rising, falling []skillpulse.Mover) []bar {
	var out []bar
	for _, ms := range [][]skillpulse.Mover{rising, falling} {
		for _, m := range ms {
			c := colUp
			if m.Change < 0 {
				c = colDown
			}
			t := points(m.Change)
			if m.Significant {
				t += " *"
			}
			out = append(out, bar{label: m.Skill, value: m.Change, text: t, color: c})
		}
	}
	return out
}

// Charts are the report's images, by file name.
func (r *Report) Charts() map[string]string {
	return map[string]string{
		"top-hard-skills.svg": barsSVG("Top hard skills, share of postings", skillBars(r.TopHard), false),
		"top-soft-skills.svg": barsSVG("Top soft skills, share of postings", skillBars(r.TopSoft), false),
		"movers.svg":          barsSVG("Movers: change in share since the previous period", moverBars(r.Rising, r.Falling), true),
		"soft-hard-share.svg": shareSVG("Postings asking for soft and hard skills, by week", r.Share),
	}
}
