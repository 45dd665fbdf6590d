package cmrt

import (
	"slices"
	"testing"
)

func TestInvalidEmails(t *testing.T) {
	cases := []struct {
		cell string
		bad  []string
	}{
		{"", nil},
		{"compliance@acme.example", nil},
		{"j.doe+cmrt@mail.acme.co.uk", nil},
		{"xyz.uil@.com.hk", []string{"xyz.uil@.com.hk"}}, // empty first domain label
		{"xyz@com.", []string{"xyz@com."}},
		{"a@b", []string{"a@b"}},                                         // no top-level domain
		{"a@b.c", []string{"a@b.c"}},                                     // one-letter top-level domain
		{"a@-acme.com", []string{"a@-acme.com"}},                         // label starts with a hyphen
		{"a@acme..com", []string{"a@acme..com"}},                         // empty label
		{".a@acme.com", []string{".a@acme.com"}},                         // leading dot
		{"a..b@acme.com", []string{"a..b@acme.com"}},                     // doubled dot
		{"a b@acme.com", []string{"a b@acme.com"}},                       // space
		{"a@acme.com.", nil},                                             // fully qualified
		{"a@acme.xn--p1ai", nil},                                         // punycode top-level domain
		{"李明@例子.中国", nil},                                                // internationalised
		{"a@x.example; b@y.example", nil},                                // several, ";"
		{"a@x.example, b@y.example,", nil},                               // several, ","
		{"a@x.example;\nb@y.example", nil},                               // several, line break
		{"Ann Lee <ann@x.example>", nil},                                 // display name
		{"mailto:ann@x.example", nil},                                    // link
		{"a@x.example; b@.example", []string{"b@.example"}},              // one of two bad
		{"a@x.example b@y.example", []string{"a@x.example b@y.example"}}, // no separator
	}
	for _, c := range cases {
		if got := invalidEmails(c.cell); !slices.Equal(got, c.bad) {
			t.Errorf("invalidEmails(%q) = %q, want %q", c.cell, got, c.bad)
		}
	}
}
