package xlsx

import "testing"

func TestMustRefs(t *testing.T) {
	if col, row := MustSplitRef("AB123"); col != "AB" || row != 123 {
		t.Errorf("MustSplitRef(AB123) = %s, %d", col, row)
	}
	if n := MustColumnNumber("AA"); n != 27 {
		t.Errorf("MustColumnNumber(AA) = %d", n)
	}
	if n := MustColumnNumber(""); n != 0 {
		t.Errorf("MustColumnNumber(\"\") = %d", n)
	}
	for _, bad := range []func(){
		func() { MustSplitRef("12D") },
		func() { MustSplitRef("D0") },
		func() { MustColumnNumber("A1") },
		func() { MustColumnNumber("XFE") },
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Error("a bad reference written in code did not panic")
				}
			}()
			bad()
		}()
	}
}
