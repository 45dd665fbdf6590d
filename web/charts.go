package web

import "sort"

// Charts are laid out here and drawn by templates/charts.html as SVG: the
// page needs no script, and the numbers are printed beside every bar so
// the chart reads without colour.

const (
	chartWidth  = 520.0
	labelWidth  = 200.0
	barHeight   = 22.0
	barGap      = 6.0
	chartMargin = 8.0
)

type bar struct {
	Label string
	Value int
	Class string
	// Layout, filled by barChart.
	Y, W, TextX, TextY float64
}

type chart struct {
	Title  string
	Bars   []bar
	Height float64
	Width  float64
	LabelW float64
	Empty  bool
}

func barChart(title string, bars []bar) chart {
	c := chart{Title: title, Width: chartWidth, LabelW: labelWidth}
	maxV := 0
	for _, b := range bars {
		maxV = max(maxV, b.Value)
	}
	c.Empty = maxV == 0
	span := chartWidth - labelWidth - 60
	for i := range bars {
		b := &bars[i]
		b.Y = chartMargin + float64(i)*(barHeight+barGap)
		if maxV > 0 {
			b.W = span * float64(b.Value) / float64(maxV)
		}
		b.TextX = labelWidth + b.W + 6
		b.TextY = b.Y + barHeight*0.7
	}
	c.Bars = bars
	c.Height = 2*chartMargin + float64(len(bars))*(barHeight+barGap)
	return c
}

type segment struct {
	Label string
	Value int
	Class string
	X, W  float64
}

type stackRow struct {
	Label    string
	Total    int
	Segments []segment
	Y, TextY float64
}

type legendItem struct {
	Label string
	Class string
	X, Y  float64
}

type stacked struct {
	Title   string
	Rows    []stackRow
	Legend  []legendItem
	Width   float64
	LabelW  float64
	Height  float64
	LegendY float64
	Empty   bool
}

// stackedChart draws one bar per key (sorted), split into segments in the
// given order; every bar has the full width (shares), with its total.
func stackedChart(title string, counts map[string]map[string]int, order []string) stacked {
	c := stacked{Title: title, Width: chartWidth, LabelW: 120, Empty: len(counts) == 0}
	var keys []string
	for k := range counts {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	span := chartWidth - c.LabelW - 60
	known := map[string]bool{}
	for _, st := range order {
		known[st] = true
	}
	var extra []string
	for _, byStatus := range counts {
		for st := range byStatus {
			if !known[st] {
				known[st] = true
				extra = append(extra, st)
			}
		}
	}
	sort.Strings(extra)
	order = append(order[:len(order):len(order)], extra...)
	used := map[string]bool{}
	for i, k := range keys {
		row := stackRow{Label: k, Y: chartMargin + float64(i)*(barHeight+barGap)}
		row.TextY = row.Y + barHeight*0.7
		for _, v := range counts[k] {
			row.Total += v
		}
		x := c.LabelW
		for _, st := range order {
			n := counts[k][st]
			if n == 0 {
				continue
			}
			used[st] = true
			w := span * float64(n) / float64(row.Total)
			row.Segments = append(row.Segments, segment{Label: st, Value: n, Class: "status-" + classOf(st), X: x, W: w})
			x += w
		}
		c.Rows = append(c.Rows, row)
	}
	c.LegendY = chartMargin + float64(len(keys))*(barHeight+barGap) + 4
	x, y := 0.0, c.LegendY
	for _, st := range order {
		if !used[st] {
			continue
		}
		w := 14 + 7*float64(len(st)) + 12
		if x > 0 && x+w > chartWidth {
			x, y = 0, y+20
		}
		c.Legend = append(c.Legend, legendItem{Label: st, Class: "status-" + classOf(st), X: x, Y: y})
		x += w
	}
	c.Height = y + 24
	return c
}

func classOf(s string) string {
	b := []byte(s)
	for i, ch := range b {
		if !(ch >= 'a' && ch <= 'z' || ch >= '0' && ch <= '9') {
			b[i] = '-'
		}
	}
	return string(b)
}
