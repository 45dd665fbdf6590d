package risk

import (
	"fmt"
	"reflect"
	"runtime"
	"slices"
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
