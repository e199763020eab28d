package report

import (
	"encoding/base64"
	"encoding/csv"
	"fmt"
	"html/template"
	"io"
	"strconv"
	"strings"

	"github.com/skillpulse/skillpulse"
)

// Headline is one of the report's headline figures.
type Headline struct {
	Label, Value, Note string
	// Wide asks for a double-width card: the value is a name, not a number.
	Wide bool
}

// Headlines are the figures a reader sees first.
func (r *Report) Headlines() []Headline {
	change := "no postings in the previous period"
	if c, ok := r.Change(); ok {
		change = fmt.Sprintf("%+.0f%% on %s to %s (%d)", 100*c, day(r.PrevFrom), day(r.PrevTo), r.PrevPostings)
	}
	top := "–"
	if len(r.Durable.Top10) > 0 {
		top = r.Durable.Top10[0].Skill
	}
	ratio := "–"
	if r.Durable.Top5SoftVsHard > 0 {
		ratio = fmt.Sprintf("%.2f×", r.Durable.Top5SoftVsHard)
	}
	return []Headline{
		{Label: "Postings", Value: strconv.FormatUint(r.Postings, 10), Note: change},
		{Label: "Most requested skill", Value: top, Wide: true},
		{Label: "Ask for at least one soft skill", Value: pct(r.Durable.AnySoftShare)},
		{Label: "Soft skills in the top 10", Value: fmt.Sprintf("%d of %d", r.Durable.SoftInTop10, len(r.Durable.Top10))},
		{Label: "Top 5 soft vs top 5 hard skills", Value: ratio, Note: "postings asking for them, summed"},
	}
}

// Scope names the period and filters, e.g. "2026-10-01 to 2026-10-31, Security, TX".
func (r *Report) Scope() string {
	s := day(r.From) + " to " + day(r.To)
	if r.RoleFamily != "" {
		s += ", " + RoleFamilyName(r.RoleFamily)
	}
	if r.Region != "" {
		s += ", " + r.Region
	}
	return s
}

// WriteMarkdown writes the report as Markdown; charts are referenced as
// the SVG files Write puts next to it.
func (r *Report) WriteMarkdown(w io.Writer) error {
	var b strings.Builder
	fmt.Fprintf(&b, "# %s\n\n%s. Generated %s.\n\n## Headline figures\n\n", r.Title, r.Scope(), r.Generated.Format("2006-01-02 15:04 MST"))
	for _, h := range r.Headlines() {
		fmt.Fprintf(&b, "- **%s:** %s", h.Label, mdEsc(h.Value))
		if h.Note != "" {
			fmt.Fprintf(&b, " (%s)", h.Note)
		}
		b.WriteString("\n")
	}
	skills := func(title, img string, rows []skillpulse.SkillCount) {
		fmt.Fprintf(&b, "\n## %s\n\n![%s](%s)\n\n| # | Skill | Category | Postings | Share |\n|---:|---|---|---:|---:|\n", title, title, img)
		for i, s := range rows {
			fmt.Fprintf(&b, "| %d | %s | %s | %d | %s |\n", i+1, mdEsc(s.Skill), mdEsc(s.Category), s.Postings, pct(s.Share))
		}
	}
	skills("Top hard skills", "top-hard-skills.svg", r.TopHard)
	skills("Top soft skills", "top-soft-skills.svg", r.TopSoft)
	fmt.Fprintf(&b, "\n## Movers since %s to %s\n\n![Movers](movers.svg)\n\n", day(r.PrevFrom), day(r.PrevTo))
	if len(r.Rising)+len(r.Falling) == 0 {
		b.WriteString("No skill with enough postings changed its share.\n")
	} else {
		b.WriteString("| Skill | Share | Before | Change | Significant |\n|---|---:|---:|---:|---|\n")
		for _, ms := range [][]skillpulse.Mover{r.Rising, r.Falling} {
			for _, m := range ms {
				fmt.Fprintf(&b, "| %s | %s | %s | %s | %s |\n", mdEsc(m.Skill), pct(m.Share), pct(m.PreviousShare), points(m.Change), yesNo(m.Significant))
			}
		}
	}
	fmt.Fprintf(&b, "\n## Durable skills\n\n![Soft and hard share](soft-hard-share.svg)\n\n")
	fmt.Fprintf(&b, "- %d of the ten most requested skills are soft skills.\n- %s of postings ask for at least one soft skill.\n- The five most requested soft skills are asked for %.2f times as often as the five most requested hard skills.\n",
		r.Durable.SoftInTop10, pct(r.Durable.AnySoftShare), r.Durable.Top5SoftVsHard)
	if len(r.ByRole) > 0 {
		b.WriteString("\n## Skills by role family\n\n| Role family | Postings | Top skills |\n|---|---:|---|\n")
		for _, rs := range r.ByRole {
			fmt.Fprintf(&b, "| %s | %d | %s |\n", RoleFamilyName(rs.RoleFamily), rs.Postings, mdEsc(skillList(rs.Skills)))
		}
	}
	b.WriteString("\n## Notable co-occurrences\n\n")
	if len(r.Pairs) == 0 {
		b.WriteString("No pair of skills was asked for together more often than chance.\n")
	} else {
		b.WriteString("| Skill | Asked for with | Together | Lift |\n|---|---|---:|---:|\n")
		for _, p := range r.Pairs {
			fmt.Fprintf(&b, "| %s | %s | %d | %.2f |\n", mdEsc(p.Skill.Skill), mdEsc(p.With.Skill), p.With.Together, p.With.Lift)
		}
	}
	b.WriteString("\n## Method\n\n")
	for _, m := range r.Method() {
		fmt.Fprintf(&b, "- %s\n", m)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func mdEsc(s string) string { return strings.NewReplacer("|", `\|`, "\n", " ").Replace(s) }

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

func skillList(rows []skillpulse.SkillCount) string {
	parts := make([]string, len(rows))
	for i, s := range rows {
		parts[i] = fmt.Sprintf("%s (%s)", s.Skill, pct(s.Share))
	}
	return strings.Join(parts, ", ")
}

// WriteCSV writes every figure as one table: section, rank, skill and the
// numbers, so a spreadsheet can filter by section.
func (r *Report) WriteCSV(w io.Writer) error {
	cw := csv.NewWriter(w)
	cw.Write([]string{"section", "rank", "skill_id", "skill", "kind", "category", "postings", "share", "previous_share", "change", "value"})
	f := func(x float64) string { return strconv.FormatFloat(x, 'f', 4, 64) }
	u := func(n uint64) string { return strconv.FormatUint(n, 10) }
	cw.Write([]string{"headline_postings", "", "", "", "", "", u(r.Postings), "", "", "", ""})
	cw.Write([]string{"headline_previous_postings", "", "", "", "", "", u(r.PrevPostings), "", "", "", ""})
	cw.Write([]string{"durable_soft_in_top10", "", "", "", "", "", "", "", "", "", strconv.Itoa(r.Durable.SoftInTop10)})
	cw.Write([]string{"durable_any_soft_share", "", "", "", "", "", "", "", "", "", f(r.Durable.AnySoftShare)})
	cw.Write([]string{"durable_top5_soft_vs_hard", "", "", "", "", "", "", "", "", "", f(r.Durable.Top5SoftVsHard)})
	skills := func(section string, rows []skillpulse.SkillCount) {
		for i, s := range rows {
			cw.Write([]string{section, strconv.Itoa(i + 1), s.SkillID, s.Skill, string(s.Kind), s.Category, u(s.Postings), f(s.Share), "", "", ""})
		}
	}
	skills("top_hard", r.TopHard)
	skills("top_soft", r.TopSoft)
	for _, sec := range []struct {
		name string
		ms   []skillpulse.Mover
	}{{"rising", r.Rising}, {"falling", r.Falling}} {
		for i, m := range sec.ms {
			cw.Write([]string{sec.name, strconv.Itoa(i + 1), m.SkillID, m.Skill, string(m.Kind), m.Category, u(m.Postings), f(m.Share), f(m.PreviousShare), f(m.Change), yesNo(m.Significant)})
		}
	}
	for _, rs := range r.ByRole {
		skills("role_"+rs.RoleFamily, rs.Skills)
	}
	for i, p := range r.Pairs {
		cw.Write([]string{"cooccurrence_" + p.Skill.SkillID, strconv.Itoa(i + 1), p.With.SkillID, p.With.Skill, string(p.With.Kind), p.With.Category, u(p.With.Together), f(p.With.Confidence), "", "", f(p.With.Lift)})
	}
	cw.Flush()
	return cw.Error()
}

// WriteHTML writes a self-contained page (styles inline, charts as SVG
// images in data: URLs), readable on screen and printed to PDF as it is.
func (r *Report) WriteHTML(w io.Writer) error {
	charts := map[string]template.URL{}
	for name, svg := range r.Charts() {
		charts[strings.TrimSuffix(name, ".svg")] = template.URL("data:image/svg+xml;base64," + base64.StdEncoding.EncodeToString([]byte(svg)))
	}
	return pageTemplate().Execute(w, struct {
		*Report
		Charts map[string]template.URL
	}{r, charts})
}

// pageTemplate parses the page; its text is a constant, so a parse error is
// a bug the tests catch.
func pageTemplate() *template.Template {
	return template.Must(template.New("report").Funcs(template.FuncMap{
		"pct": pct, "points": points, "day": day, "role": RoleFamilyName, "yesno": yesNo, "skills": skillList,
		"inc": func(i int) int { return i + 1 },
		"movers": func(r *Report) []skillpulse.Mover {
			return append(append([]skillpulse.Mover(nil), r.Rising...), r.Falling...)
		},
	}).Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Title}}</title>
<style>
body{font:14px/1.45 Helvetica,Arial,sans-serif;color:#1b1f24;max-width:900px;margin:0 auto;padding:24px}
h1{font-size:24px;margin:0 0 4px}h2{font-size:18px;margin:28px 0 8px;border-bottom:2px solid #102a43;padding-bottom:4px;break-after:avoid}
.scope{color:#4a5360;margin:0 0 16px}
.cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(150px,1fr));gap:10px}
.card{border:1px solid #d0d5dc;border-radius:6px;padding:10px}.card b{display:block;font-size:18px;overflow-wrap:break-word}.card.wide{grid-column:span 2}.card span{color:#4a5360;font-size:12px}
table{border-collapse:collapse;width:100%;margin:8px 0;break-inside:auto}th,td{text-align:left;padding:4px 6px;border-bottom:1px solid #d0d5dc}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}tr{break-inside:avoid}
img{max-width:100%;height:auto;display:block;margin:8px 0;break-inside:avoid}
.two{display:grid;grid-template-columns:1fr;gap:8px}
ul.method li{margin-bottom:6px}
@page{size:A4;margin:14mm}
</style></head><body>
<h1>{{.Title}}</h1>
<p class="scope">{{.Scope}}. Generated {{.Generated.Format "2006-01-02 15:04 MST"}} by skillpulse.</p>
<section aria-labelledby="h-head"><h2 id="h-head">Headline figures</h2><div class="cards">
{{range .Headlines}}<div class="card{{if .Wide}} wide{{end}}"><span>{{.Label}}</span><b>{{.Value}}</b>{{if .Note}}<span>{{.Note}}</span>{{end}}</div>{{end}}
</div></section>
<section aria-labelledby="h-top"><h2 id="h-top">Top skills</h2><div class="two">
<img src="{{index .Charts "top-hard-skills"}}" alt="Bar chart of the top hard skills by share of postings; the table below lists the figures.">
<img src="{{index .Charts "top-soft-skills"}}" alt="Bar chart of the top soft skills by share of postings; the table below lists the figures.">
</div>
<table><thead><tr><th class="n">#</th><th>Hard skill</th><th class="n">Postings</th><th class="n">Share</th><th>Soft skill</th><th class="n">Postings</th><th class="n">Share</th></tr></thead><tbody>
{{$soft := .TopSoft}}{{range $i, $h := .TopHard}}<tr><td class="n">{{inc $i}}</td><td>{{$h.Skill}}</td><td class="n">{{$h.Postings}}</td><td class="n">{{pct $h.Share}}</td>{{if lt $i (len $soft)}}{{with index $soft $i}}<td>{{.Skill}}</td><td class="n">{{.Postings}}</td><td class="n">{{pct .Share}}</td>{{end}}{{else}}<td></td><td></td><td></td>{{end}}</tr>
{{end}}</tbody></table></section>
<section aria-labelledby="h-movers"><h2 id="h-movers">Movers since {{day .PrevFrom}} to {{day .PrevTo}}</h2>
<img src="{{index .Charts "movers"}}" alt="Bar chart of the change in share of postings per skill; the table below lists the figures.">
{{with movers .Report}}<table><thead><tr><th>Skill</th><th class="n">Share</th><th class="n">Before</th><th class="n">Change</th><th>Significant</th></tr></thead><tbody>
{{range .}}<tr><td>{{.Skill}}</td><td class="n">{{pct .Share}}</td><td class="n">{{pct .PreviousShare}}</td><td class="n">{{points .Change}}</td><td>{{yesno .Significant}}</td></tr>
{{end}}</tbody></table>{{else}}<p>No skill with enough postings changed its share.</p>{{end}}</section>
<section aria-labelledby="h-durable"><h2 id="h-durable">Durable skills</h2>
<p>{{.Durable.SoftInTop10}} of the ten most requested skills are soft skills; {{pct .Durable.AnySoftShare}} of postings ask for at least one soft skill; the five most requested soft skills are asked for {{printf "%.2f" .Durable.Top5SoftVsHard}} times as often as the five most requested hard skills.</p>
<img src="{{index .Charts "soft-hard-share"}}" alt="Line chart of the share of postings asking for soft and for hard skills, by week.">
</section>
{{with .ByRole}}<section aria-labelledby="h-roles"><h2 id="h-roles">Skills by role family</h2>
<table><thead><tr><th>Role family</th><th class="n">Postings</th><th>Top skills (share of the role's postings)</th></tr></thead><tbody>
{{range .}}<tr><td>{{role .RoleFamily}}</td><td class="n">{{.Postings}}</td><td>{{skills .Skills}}</td></tr>
{{end}}</tbody></table></section>{{end}}
<section aria-labelledby="h-pairs"><h2 id="h-pairs">Notable co-occurrences</h2>
{{with .Pairs}}<table><thead><tr><th>Skill</th><th>Asked for with</th><th class="n">Together</th><th class="n">Lift</th></tr></thead><tbody>
{{range .}}<tr><td>{{.Skill.Skill}}</td><td>{{.With.Skill}}</td><td class="n">{{.With.Together}}</td><td class="n">{{printf "%.2f" .With.Lift}}</td></tr>
{{end}}</tbody></table>{{else}}<p>No pair of skills was asked for together more often than chance.</p>{{end}}</section>
<section aria-labelledby="h-method"><h2 id="h-method">Method</h2><ul class="method">{{range .Method}}<li>{{.}}</li>{{end}}</ul></section>
</body></html>
`))
}
