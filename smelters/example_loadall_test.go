package smelters_test

import (
	"fmt"

	"github.com/openminerals/cmrt/smelters"
)

func ExampleLoadAll() {
	// An Excel 2003 XML workbook, as RMI's site exports, holding a notes
	// sheet, a Conformant list dated in its title line and a revision history.
	doc := `<?xml version="1.0"?>
<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet">
 <Worksheet ss:Name="Notes"><Table><Row><Cell><Data ss:Type="String">Downloaded for the 2026 season</Data></Cell></Row></Table></Worksheet>
 <Worksheet ss:Name="Conformant"><Table>
  <Row><Cell><Data ss:Type="String">Conformant Smelters as of 22 August 2026</Data></Cell></Row>
  <Row><Cell><Data ss:Type="String">Metal</Data></Cell><Cell><Data ss:Type="String">Smelter ID</Data></Cell><Cell><Data ss:Type="String">Standard Smelter Name</Data></Cell><Cell><Data ss:Type="String">Last Audit Date</Data></Cell><Cell><Data ss:Type="String">Audit Cycle</Data></Cell></Row>
  <Row><Cell><Data ss:Type="String">Gold</Data></Cell><Cell><Data ss:Type="String">CID002763</Data></Cell><Cell><Data ss:Type="String">8853 S.p.A.</Data></Cell><Cell><Data ss:Type="DateTime">2025-10-01T00:00:00.000</Data></Cell><Cell><Data ss:Type="String">1 Year</Data></Cell></Row>
 </Table></Worksheet>
 <Worksheet ss:Name="Revisions_StdSmelterList"><Table>
  <Row><Cell><Data ss:Type="String">Metal</Data></Cell><Cell><Data ss:Type="String">Smelter ID</Data></Cell><Cell><Data ss:Type="String">Standard Smelter Name</Data></Cell><Cell><Data ss:Type="String">Basis for Revision</Data></Cell><Cell><Data ss:Type="String">Revision Date</Data></Cell></Row>
  <Row><Cell><Data ss:Type="String">Tin</Data></Cell><Cell><Data ss:Type="String">CID003190</Data></Cell><Cell><Data ss:Type="String">Chifeng Dajingzi Tin Industry Co., Ltd.</Data></Cell><Cell><Data ss:Type="String">Removed</Data></Cell><Cell><Data ss:Type="DateTime">2026-04-29T00:00:00.000</Data></Cell></Row>
 </Table></Worksheet>
</Workbook>`
	all, err := smelters.LoadAll("RMI lists.xml", []byte(doc), smelters.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, l := range all.Lists {
		fmt.Printf("%s: %s list dated %s (%s)\n", l.Sheet, l.Kind, l.ListDate.Format("2006-01-02"), l.DateSource)
	}
	for _, s := range all.Skipped {
		fmt.Printf("%s: skipped\n", s.Sheet)
	}
	// Output:
	// Conformant: conformant list dated 2026-08-22 (content)
	// Revisions_StdSmelterList: revisions list dated 2026-04-29 (revision date column)
	// Notes: skipped
}
