package cmrt

import (
	"strconv"
	"strings"
)

// VersionLess compares RMI revisions numerically by dotted parts, each a
// decimal fraction after the first: 6.4 < 6.22
// is false, 6.22 < 6.31 is true. An empty b is never greater.
func VersionLess(a, b string) bool {
	if b == "" {
		return false
	}
	pa, pb := strings.Split(a, "."), strings.Split(b, ".")
	for i := 0; i < len(pa) || i < len(pb); i++ {
		var x, y float64
		if i < len(pa) {
			x, _ = strconv.ParseFloat("0."+pa[i], 64)
			if i == 0 {
				x, _ = strconv.ParseFloat(pa[i], 64)
			}
		}
		if i < len(pb) {
			y, _ = strconv.ParseFloat("0."+pb[i], 64)
			if i == 0 {
				y, _ = strconv.ParseFloat(pb[i], 64)
			}
		}
		if x != y {
			return x < y
		}
	}
	return false
}
