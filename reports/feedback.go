package reports

import (
	"fmt"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/openminerals/cmrt/risk"
)

// Feedback is one supplier's feedback sheet: its rank and what drove it,
// its findings with the sheet and cell to fix, its smelters that are not
// conformant or were removed, and what is asked of it by when. All given by
// risk and the store; the renderer counts nothing.
type Feedback struct {
	Period     int
	AsOf       time.Time
	Due        time.Time // zero: as soon as possible
	From       string    // the requesting company; empty when no company file
	Contact    string
	SupplierID int64
	Supplier   string
	Language   string // LangEnglish, LangChinese, LangJapanese
	Rank       risk.SupplierRank
	Drivers    []risk.Driver
	Findings   []risk.Finding
	Concerns   []risk.SmelterRow
	SAQ        FeedbackSAQ // the questionnaire page (feedback_saq.go)
}

// FileName is the sheet's file name: period, supplier ID and an ASCII
// rendering of the name, so every sheet of a batch has its own.
func (f *Feedback) FileName() string {
	slug := strings.Trim(nonSlug.ReplaceAllString(strings.ToLower(f.Supplier), "-"), "-")
	if len(slug) > 40 {
		slug = strings.Trim(slug[:40], "-")
	}
	name := fmt.Sprintf("feedback-%d-%d", f.Period, f.SupplierID)
	if slug != "" {
		name += "-" + slug
	}
	return name + ".pdf"
}

var nonSlug = regexp.MustCompile(`[^a-z0-9]+`)

// RenderFeedback renders one feedback sheet as PDF bytes.
func RenderFeedback(f *Feedback, o Options) ([]byte, error) {
	lang := f.Language
	if _, ok := texts[lang]; !ok {
		lang = LangEnglish
	}
	t := func(k int) string { return tr(lang, k) }
	d, err := newDoc(o, t(tTitle)+" "+strconv.Itoa(f.Period)+" — "+f.Supplier, t(tPage))
	if err != nil {
		return nil, err
	}
	p := d.pdf
	p.AddPage()
	d.font(18, colAccent)
	d.flow(0, t(tTitle))
	d.font(14, colText)
	d.flow(0, f.Supplier)
	d.space(2)
	d.font(9.5, colMuted)
	meta := [][2]string{{t(tPeriod), strconv.Itoa(f.Period)}, {t(tAsOf), f.AsOf.Format("2006-01-02")}}
	if f.From != "" {
		meta = append(meta, [2]string{t(tFrom), f.From})
	}
	if f.Contact != "" {
		meta = append(meta, [2]string{t(tContact), f.Contact})
	}
	for _, kv := range meta {
		d.keyValue(50, kv[0], kv[1], colMuted)
	}
	d.space(3)
	d.para(t(tIntro))

	d.heading(1, t(tRank))
	line := fmt.Sprintf("%s (%s: %s)", rankText(lang, f.Rank.Rank), t(tScore), strconv.FormatFloat(f.Rank.Score, 'f', -1, 64))
	if f.Rank.Critical != "" {
		line += " — " + t(tCritical) + " " + f.Rank.Critical
	}
	d.font(13, rankColor(f.Rank.Rank))
	d.flow(0, line)
	d.space(1)
	d.heading(1, t(tDrivers))
	if len(f.Drivers) == 0 {
		d.para(t(tNoDrivers))
	} else {
		rows := [][]string{}
		for _, dr := range f.Drivers {
			w := strconv.FormatFloat(dr.Weight, 'f', -1, 64)
			if dr.Critical {
				w += " (" + t(tCriticalShort) + ")"
			}
			rows = append(rows, []string{dr.Code, dr.Title, itoa(dr.Count), w})
		}
		d.table([]column{{"Code", 3.3, false}, {t(tFinding), 3.6, false}, {t(tCount), 0.9, true}, {t(tScore), 1.3, true}}, rows)
	}

	d.heading(1, t(tFindings))
	if len(f.Findings) == 0 {
		d.para(t(tNoFindings))
	} else {
		rows := [][]string{}
		for _, fi := range f.Findings {
			where := fi.Evidence.Sheet
			if fi.Evidence.Cell != "" {
				where += "!" + fi.Evidence.Cell
			}
			if fi.Evidence.File != "" {
				where += "\n" + baseName(fi.Evidence.File)
			}
			rows = append(rows, []string{string(fi.Severity), fi.Code, fi.Title + "\n" + fi.Message, where})
		}
		d.table([]column{{t(tSeverity), 1, false}, {"Code", 2.4, false}, {t(tFinding), 4.5, false}, {t(tWhere), 2.2, false}}, rows)
	}

	d.heading(1, t(tSmelters))
	if len(f.Concerns) == 0 {
		d.para(t(tNoSmelters))
	} else {
		rows := [][]string{}
		for _, r := range f.Concerns {
			name, cid, status := r.Name, r.CID, ""
			if fa := r.Facility; fa != nil {
				name, cid = fa.Name, fa.CID
				switch fa.Status {
				case risk.StatusRemoved:
					status = t(tRemoved) + " (removed"
					if !fa.RemovedOn.IsZero() {
						status += " " + fa.RemovedOn.Format("2006-01-02")
					}
					status += ")"
					if len(fa.Successors) > 0 {
						status += " → " + strings.Join(fa.Successors, ", ")
					}
				default:
					status = t(tNonConformant) + " (" + fa.StatusText + ")"
				}
			}
			rows = append(rows, []string{r.Metal, name, cid, status, "Smelter List!A" + strconv.Itoa(r.Row)})
		}
		d.table([]column{{t(tMetal), 1, false}, {t(tSmelter), 3, false}, {"CID", 1.3, false}, {t(tStatus), 2.4, false}, {t(tRow), 1.5, false}}, rows)
	}

	d.heading(1, t(tRequested))
	if len(f.Findings) > 0 {
		d.bullet(t(tReqCorrect))
	}
	if len(f.Concerns) > 0 {
		d.bullet(t(tReqSmelters))
	}
	d.bullet(t(tReqResend))
	d.space(2)
	due := t(tASAP)
	if !f.Due.IsZero() {
		due = f.Due.Format("2006-01-02")
	}
	d.font(12, colAccent)
	d.flow(0, t(tBy)+": "+due)
	d.saqPage(f, lang)
	if err := p.Error(); err != nil {
		return nil, fmt.Errorf("feedback %s: %w", f.Supplier, err)
	}
	return d.bytes()
}

// rankText is a rank in the sheet's language (empty for no rank).
func rankText(lang string, r risk.Rank) string {
	switch r {
	case risk.RankLow:
		return tr(lang, tRankLow)
	case risk.RankMedium:
		return tr(lang, tRankMedium)
	case risk.RankHigh:
		return tr(lang, tRankHigh)
	}
	return ""
}

func rankColor(r risk.Rank) rgb {
	switch r {
	case risk.RankHigh:
		return rgb{176, 40, 30}
	case risk.RankMedium:
		return rgb{190, 120, 0}
	}
	return rgb{40, 120, 60}
}

func baseName(p string) string {
	if i := strings.LastIndexAny(p, `/\`); i >= 0 {
		return p[i+1:]
	}
	return p
}

// RenderFeedbackSheets renders sheets on every core and hands each PDF to
// write, in the order of sheets (write is never called concurrently); the
// order of work does not change the bytes.
//
// The sheets embed subsets of the two fonts cut once for the glyphs of
// every sheet given (see batchSubsets), so a sheet's bytes depend on the whole
// batch; selected (nil: all) picks the sheets to render, so that rendering
// one supplier of a batch gives the same bytes as rendering them all.
func RenderFeedbackSheets(sheets []*Feedback, o Options, selected func(*Feedback) bool, write func(*Feedback, []byte) error) error {
	var glyphs strings.Builder
	for _, f := range sheets {
		fmt.Fprintf(&glyphs, "%+v", *f)
		for _, c := range f.Concerns { // %+v prints pointers as addresses
			if c.Facility != nil {
				fmt.Fprintf(&glyphs, "%+v", *c.Facility)
			}
		}
		lang := f.Language
		if _, ok := texts[lang]; !ok {
			lang = LangEnglish
		}
		for _, t := range texts[lang] {
			glyphs.WriteString(t)
		}
		if f.SAQ.Rank != "" {
			for k := range saqTexts[LangEnglish] {
				glyphs.WriteString(saqText(lang, k))
			}
		}
	}
	subsets, err := batchSubsets(o, glyphs.String())
	if err != nil {
		return err
	}
	o.subsets = subsets
	if selected != nil {
		var only []*Feedback
		for _, f := range sheets {
			if selected(f) {
				only = append(only, f)
			}
		}
		sheets = only
	}
	type result struct {
		pdf []byte
		err error
	}
	results := make([]chan result, len(sheets))
	for i := range results {
		results[i] = make(chan result, 1)
	}
	jobs := make(chan int)
	var wg sync.WaitGroup
	workers := runtime.GOMAXPROCS(0)
	stop := make(chan struct{})
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				b, err := RenderFeedback(sheets[i], o)
				results[i] <- result{b, err}
			}
		}()
	}
	go func() {
		defer close(jobs)
		for i := range sheets {
			select {
			case jobs <- i:
			case <-stop:
				return
			}
		}
	}()
	for i, ch := range results {
		r := <-ch
		if r.err == nil {
			r.err = write(sheets[i], r.pdf)
		}
		if r.err != nil {
			err = r.err
			close(stop)
			break
		}
	}
	// Let the workers finish what they started (their channels are buffered).
	wg.Wait()
	return err
}
