package charts

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestProgress(t *testing.T) {
	rows := []ProgressRow{
		{Label: "Montant aux EES", Value: 45_000, Target: 100_000, Expected: 50_000, HasExpected: true, ValueText: "45 000 $ sur 100 000 $"},
		{Label: "Entreprises distinctes", Value: 12, Target: 10, Expected: 5, HasExpected: true, ValueText: "12 sur 10 (dépassé)"},
		{Label: "Part des dépenses admissibles", Value: 0, Target: 1_500, ValueText: "0 % sur 15 %"},
		{Label: "Cible nulle <atteinte> & co", Value: 0, Target: 0, ValueText: "0 sur 0"},
	}
	svg := Progress(ProgressChart{ID: "p1", Title: "Progrès", Desc: "Quatre cibles", ExpectedLabel: "Attendu à ce jour", Rows: rows})
	root := parse(t, svg, "p1", "Progrès", "Quatre cibles")
	bars := root.all("rect", "bar")
	if len(bars) != len(rows) {
		t.Fatalf("%d bars for %d rows", len(bars), len(rows))
	}
	wantW := []float64{0.45 * ProgressTrack, ProgressTrack, 0, ProgressTrack}
	for i, b := range bars {
		t.Run(rows[i].Label, func(t *testing.T) {
			if got := b.float(t, "width"); !near(got, wantW[i]) {
				t.Errorf("width = %v, want %v", got, wantW[i])
			}
			if b.float(t, "data-value") != rows[i].Value || b.float(t, "data-target") != rows[i].Target {
				t.Errorf("data = %s/%s", b.attr("data-value"), b.attr("data-target"))
			}
		})
	}
	marks := root.all("line", "expected")
	if len(marks) != 2 {
		t.Fatalf("%d expected markers, want 2", len(marks))
	}
	if x := marks[0].float(t, "x1"); !near(x, progressLeft+0.5*ProgressTrack) {
		t.Errorf("expected marker at %v, want half the track", x)
	}
	if x := marks[1].float(t, "x1"); !near(x, progressLeft+0.5*ProgressTrack) {
		t.Errorf("second expected marker at %v", x)
	}
	texts := root.texts()
	for _, r := range rows {
		if !slices.Contains(texts, r.Label) || !slices.Contains(texts, r.ValueText) {
			t.Errorf("texts %q miss %q or %q", texts, r.Label, r.ValueText)
		}
	}
	if !slices.Contains(texts, "Attendu à ce jour") {
		t.Errorf("legend missing")
	}
}

func TestBars(t *testing.T) {
	items := []BarItem{
		{Label: "Coop <Les Jardins> & fils", Value: 300, ValueText: "300 $"},
		{Label: "OBNL Imprime-Emploi", Value: 150, ValueText: "150 $"},
		{Label: "Zéro", Value: 0, ValueText: "0 $"},
		{Label: strings.Repeat("Très long nom d'entreprise ", 3), Value: 75, ValueText: "75 $"},
	}
	root := parse(t, Bars(BarChart{ID: "b", Title: "Par fournisseur", Desc: "Quatre fournisseurs", Items: items}), "b", "Par fournisseur", "Quatre fournisseurs")
	bars := root.all("rect", "bar")
	want := []float64{BarsTrack, BarsTrack / 2, 0, BarsTrack / 4}
	if len(bars) != len(want) {
		t.Fatalf("%d bars", len(bars))
	}
	for i, b := range bars {
		if got := b.float(t, "width"); !near(got, want[i]) {
			t.Errorf("bar %d width = %v, want %v", i, got, want[i])
		}
		if i > 0 && b.float(t, "y") <= bars[i-1].float(t, "y") {
			t.Errorf("bars not stacked downward")
		}
	}
	texts := root.texts()
	if !slices.Contains(texts, items[0].Label) || !slices.Contains(texts, "150 $") {
		t.Errorf("labels missing: %q", texts)
	}
	if strings.Contains(strings.Join(texts, " "), "…") || !strings.Contains(strings.Join(texts, " "), strings.TrimSpace(items[3].Label)) {
		t.Errorf("a long label is cut instead of wrapped: %q", texts)
	}
	t.Run("empty chart still parses", func(t *testing.T) {
		parse(t, Bars(BarChart{ID: "e", Title: "Vide", Desc: "Aucune donnée"}), "e", "Vide", "Aucune donnée")
	})
}

func TestLine(t *testing.T) {
	d := func(s string) time.Time { v, _ := time.Parse("2006-01-02", s); return v }
	ch := LineChart{
		ID: "l", Title: "Dépenses cumulées", Desc: "Montant cumulé aux EES",
		Start: d("2025-01-01"), End: d("2025-12-31"), AsOf: d("2025-07-02"),
		Points: []LinePoint{
			{d("2025-01-01"), 0}, {d("2025-03-01"), 40_000}, {d("2025-07-02"), 60_000}, {d("2025-09-01"), 90_000},
		},
		Target: 120_000, ActualLabel: "Réel", TargetLabel: "Cible au prorata",
		YText: func(v float64) string { return fmt.Sprintf("%.0f $", v) },
		XText: func(t time.Time) string { return t.Format("2006-01") },
	}
	root := parse(t, Line(ch), "l", ch.Title, ch.Desc)
	plotW := LineWidth - LineLeft - LineRight
	plotH := LineHeight - LineTop - LineBottom
	x := func(s string) float64 {
		return LineLeft + d(s).Sub(d("2025-01-01")).Hours()/d("2025-12-31").Sub(d("2025-01-01")).Hours()*plotW
	}
	y := func(v float64) float64 { return LineTop + plotH - v/120_000*plotH }

	target := root.all("line", "target")
	if len(target) != 1 {
		t.Fatalf("%d target lines", len(target))
	}
	tl := target[0]
	if !near(tl.float(t, "x1"), LineLeft) || !near(tl.float(t, "y1"), y(0)) ||
		!near(tl.float(t, "x2"), LineLeft+plotW) || !near(tl.float(t, "y2"), y(120_000)) {
		t.Errorf("target line = %v", tl.Attrs)
	}
	poly := root.all("polyline", "actual")
	if len(poly) != 1 {
		t.Fatalf("%d polylines", len(poly))
	}
	var got [][2]float64
	for _, p := range strings.Fields(poly[0].attr("points")) {
		var px, py float64
		if _, err := fmt.Sscanf(p, "%g,%g", &px, &py); err != nil {
			t.Fatalf("point %q: %v", p, err)
		}
		got = append(got, [2]float64{px, py})
	}
	// Steps up to the as-of day; the September point is in the future and not drawn.
	want := [][2]float64{
		{x("2025-01-01"), y(0)}, {x("2025-01-01"), y(0)}, {x("2025-01-01"), y(0)},
		{x("2025-03-01"), y(0)}, {x("2025-03-01"), y(40_000)},
		{x("2025-07-02"), y(40_000)}, {x("2025-07-02"), y(60_000)},
		{x("2025-07-02"), y(60_000)},
	}
	if len(got) != len(want) {
		t.Fatalf("points = %v, want %v", got, want)
	}
	for i := range want {
		if !near(got[i][0], want[i][0]) || !near(got[i][1], want[i][1]) {
			t.Errorf("point %d = %v, want %v", i, got[i], want[i])
		}
	}
	texts := root.texts()
	for _, s := range []string{"0 $", "120000 $", "60000 $", "2025-01", "2025-12", "Réel", "Cible au prorata"} {
		if !slices.Contains(texts, s) {
			t.Errorf("text %q missing from %q", s, texts)
		}
	}
	t.Run("spend above the target raises the scale", func(t *testing.T) {
		ch := ch
		ch.AsOf = d("2025-12-31")
		ch.Points = append(ch.Points, LinePoint{d("2025-11-01"), 240_000})
		root := parse(t, Line(ch), "l", ch.Title, ch.Desc)
		tl := root.all("line", "target")[0]
		if !near(tl.float(t, "y2"), LineTop+plotH/2) {
			t.Errorf("target end y = %v, want mid-height", tl.float(t, "y2"))
		}
	})
}

func TestFormat(t *testing.T) {
	tests := []struct {
		lang, money, moneyCents, pct, count, date string
	}{
		{"fr", "1\u00a0234\u00a0567\u00a0$", "12,50\u00a0$", "45,5\u00a0%", "20\u00a0000", "31 déc. 2025"},
		{"en", "$1,234,567", "$12.50", "45.5%", "20,000", "Dec 31, 2025"},
	}
	for _, tc := range tests {
		t.Run(tc.lang, func(t *testing.T) {
			f := NewFormat(tc.lang)
			day, _ := time.Parse("2006-01-02", "2025-12-31")
			got := []string{f.Money(1_234_567_00), f.Money(12_50), f.Percent(4_550), f.Int(20_000), f.Date(day)}
			want := []string{tc.money, tc.moneyCents, tc.pct, tc.count, tc.date}
			if !slices.Equal(got, want) {
				t.Errorf("got %q, want %q", got, want)
			}
		})
	}
}
