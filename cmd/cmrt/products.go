package main

import (
	"fmt"
	"io"
	"strconv"

	"github.com/openminerals/cmrt/cmrt"
)

// writeProducts prints a declaration's Product List in the readable
// `declarations show` output, with the requester's product number and name
// (CMRT 6.6+, EMRT 2.1+, AMRT 1.3+) when any row has them.
func writeProducts(w io.Writer, products []cmrt.Product) error {
	if len(products) == 0 {
		return nil
	}
	requester := false
	for _, p := range products {
		requester = requester || p.RequesterNumber != "" || p.RequesterName != ""
	}
	t := Table{Header: []string{"ROW", "PRODUCT NUMBER", "PRODUCT NAME", "COMMENTS"}}
	if requester {
		t.Header = []string{"ROW", "PRODUCT NUMBER", "PRODUCT NAME", "REQUESTER NUMBER", "REQUESTER NAME", "COMMENTS"}
	}
	for _, p := range products {
		if requester {
			t.Add(strconv.Itoa(p.Row), p.Number, p.Name, p.RequesterNumber, p.RequesterName, p.Comments)
		} else {
			t.Add(strconv.Itoa(p.Row), p.Number, p.Name, p.Comments)
		}
	}
	fmt.Fprintln(w)
	return t.Write(w, "table")
}

// writeMines prints a declaration's Mine List rows (a gemstone
// declaration's Sources rows) in the readable `declarations show` output.
func writeMines(w io.Writer, mines []cmrt.MineRow) error {
	if len(mines) == 0 {
		return nil
	}
	t := Table{Header: []string{"ROW", "METAL", "MINE OR SOURCE", "TYPE", "COUNTRY", "ID", "SMELTER"}}
	for _, m := range mines {
		t.Add(strconv.Itoa(m.Row), m.Metal, m.MineName, m.Source, m.Country, m.MineID, m.SmelterName)
	}
	fmt.Fprintln(w)
	return t.Write(w, "table")
}
