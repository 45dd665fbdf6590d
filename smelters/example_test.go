package smelters_test

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/openminerals/cmrt/smelters"
)

func ExampleLoadFile() {
	dir, _ := os.MkdirTemp("", "example")
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "CMRT_Export.csv")
	os.WriteFile(path, []byte("\uFEFFMetal,Smelter Reference,Standard Smelter Name,Country,Smelter ID,City,State Province\n"+
		"Gold,8853 S.p.A.,8853 S.p.A.,ITALY,CID002763,Pero,Lombardia\n"+
		"Gold,AKITA Seiren,Dowa,JAPAN,CID000401,Kosaka,Akita\n"+
		"Gold,Dowa,Dowa,JAPAN,CID000401,Kosaka,Akita\n"), 0o644)

	l, err := smelters.LoadFile(path)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(l.Kind, l.Format, len(l.Facilities), "facilities")
	for _, f := range l.Facilities {
		fmt.Println(f.CID, f.Name, f.Aliases)
	}
	// Output:
	// standard csv 2 facilities
	// CID002763 8853 S.p.A. [8853 S.p.A.]
	// CID000401 Dowa [AKITA Seiren Dowa]
}

func ExampleMatcher_Match() {
	m := smelters.NewMatcher([]smelters.Facility{
		{CID: "CID000401", Metal: "Gold", Name: "Dowa", Country: "JAPAN", Aliases: []string{"AKITA Seiren", "Dowa"}},
		{CID: "CID001916", Metal: "Gold", Name: "Shandong Gold Smelting Co., Ltd.", Country: "CHINA"},
	}, []smelters.Mapping{{Name: "Akita Refinery", Metal: "Gold", CID: "CID000401"}})

	for _, d := range []smelters.Declared{
		{Metal: "Gold", CID: "cid 401"},
		{Metal: "Gold", Name: "Akita Seiren"},
		{Metal: "Gold", Name: "SHANDONG GOLD SMELTING LTD"},
		{Metal: "Gold", Name: "Shandong Gold Smeltng", Country: "China"},
		{Metal: "Gold", Name: "Shandong Smelter"},
		{Metal: "Gold", Name: "Akita Refinery Co."},
		{Metal: "Tin", Name: "Dowa"},
	} {
		r := m.Match(d)
		switch r.Status {
		case smelters.Matched:
			fmt.Printf("matched %s: %s\n", r.CID, r.Reason)
		default: // never accepted: a reviewer sees the candidates
			fmt.Printf("%s, best candidate %s: %s\n", r.Status, r.Candidates[0].CID, r.Reason)
		}
	}
	// Output:
	// matched CID000401: CID exact
	// matched CID000401: alias exact
	// matched CID001916: normalised name
	// matched CID001916: fuzzy 0.98, country agrees
	// needs_review, best candidate CID001916: fuzzy 0.65, below 0.88
	// matched CID000401: reviewer mapping
	// needs_review, best candidate CID000401: listed under Gold, not Tin (standard name exact)
}

func ExampleNormalizeCID() {
	for _, s := range []string{"cid 2763", "CID2763", "ＣＩＤ００２７６３", "CIDSN2285"} {
		cid, kind := smelters.NormalizeCID(s)
		fmt.Println(cid, kind == smelters.CIDRMI)
	}
	// Output:
	// CID002763 true
	// CID002763 true
	// CID002763 true
	// CIDSN2285 false
}

func ExampleNameKey() {
	fmt.Println(smelters.NameKey("Metalúrgica Met-Mex Peñoles S.A. De C.V."))
	fmt.Println(smelters.NameKey("ＤＯＷＡ Metals & Mining Co., Ltd."))
	// Output:
	// metalurgica met mex penoles
	// dowa metals and mining
}
