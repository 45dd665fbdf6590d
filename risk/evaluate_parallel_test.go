package risk

import (
	"fmt"
	"reflect"
	"runtime"
	"slices"
	"strings"
	"testing"
)

// TestEvaluateInParallelAsSerially: a season large enough to be split
// across workers (every rule's case, many times over, some suppliers
// repeated so that keys repeat across parts, CIDs declared by suppliers
// in different parts) gives exactly the findings of one serial pass.
func TestEvaluateInParallelAsSerially(t *testing.T) {
	big := &Season{Period: 2025, AsOf: asOf}
	codes := make([]string, 0, len(ruleCases))
	for code := range ruleCases {
		codes = append(codes, code)
	}
	slices.Sort(codes)
	for copyN := range 8 {
		for _, code := range codes {
			for _, sup := range ruleCases[code]().Suppliers {
				if copyN%4 != 3 { // every fourth copy repeats the supplier of the copy before
					sup.ID, sup.Name = int64(len(big.Suppliers)+1), fmt.Sprintf("%s %d", sup.Name, len(big.Suppliers))
				}
				big.Suppliers = append(big.Suppliers, sup)
			}
		}
	}
	if len(big.Suppliers) < 4*64 {
		t.Fatalf("%d suppliers: too few to be split", len(big.Suppliers))
	}
	ref := BuiltinReferenceData()
	prev := runtime.GOMAXPROCS(1)
	serial := Evaluate(big, ref, nil)
	runtime.GOMAXPROCS(4)
	parallel := Evaluate(big, ref, nil)
	runtime.GOMAXPROCS(prev)
	if len(serial) == 0 || !reflect.DeepEqual(serial, parallel) {
		t.Fatalf("serial %d findings, parallel %d: they differ", len(serial), len(parallel))
	}
}

// EvaluateParts on a season in supplier order (names equal but for case
// next to each other, keys repeated across suppliers) hands over several
// parts which, joined in order with a repeated key dropped, are what
// Evaluate returns; a season out of order comes as one part.
func TestEvaluatePartsJoinAsEvaluate(t *testing.T) {
	big := &Season{Period: 2025, AsOf: asOf}
	codes := make([]string, 0, len(ruleCases))
	for code := range ruleCases {
		codes = append(codes, code)
	}
	slices.Sort(codes)
	for copyN := range 8 {
		for _, code := range codes {
			for _, sup := range ruleCases[code]().Suppliers {
				switch copyN % 4 {
				case 3: // the supplier of the copy before, again
				case 2: // the name of the copy before in capitals, another ID
					sup.ID, sup.Name = int64(len(big.Suppliers)+1), strings.ToUpper(fmt.Sprintf("%s %d", sup.Name, len(big.Suppliers)-len(codes)))
				default:
					sup.ID, sup.Name = int64(len(big.Suppliers)+1), fmt.Sprintf("%s %d", sup.Name, len(big.Suppliers))
				}
				big.Suppliers = append(big.Suppliers, sup)
			}
		}
	}
	ref := BuiltinReferenceData()
	parts := func() [][]Finding {
		var ps [][]Finding
		EvaluateParts(big, ref, nil, func(p []Finding) { ps = append(ps, p) })
		return ps
	}
	if ps := parts(); len(ps) != 1 {
		t.Fatalf("a season out of order: %d parts, want 1", len(ps))
	}
	slices.SortStableFunc(big.Suppliers, func(a, b Supplier) int { return strings.Compare(strings.ToLower(a.Name), strings.ToLower(b.Name)) })
	want := Evaluate(big, ref, nil)
	ps := parts()
	var joined []Finding
	seen := map[string]bool{}
	for _, p := range ps {
		for _, f := range p {
			if !seen[f.Key] {
				seen[f.Key] = true
				joined = append(joined, f)
			}
		}
	}
	if len(ps) < 4 || len(want) == 0 || !reflect.DeepEqual(joined, want) {
		t.Fatalf("%d parts, %d findings joined, Evaluate %d: they differ", len(ps), len(joined), len(want))
	}
}
