package cmrt

// Layouts of the EMRT, CRT and AMRT families, read off RMI's blank files
// (LAYOUTS.md §3–6). Cells differ from the CMRT's; the model does not.

var (
	emrtLangs5 = []string{"English", "中文 Chinese", "日本語 Japanese", "한국어 Korean", "Français"}
	emrtLangs6 = []string{"English", "中文 Chinese", "日本語 Japanese", "한국어 Korean", "Français", "Deutsch"}
	crtLangs   = []string{"English", "中文 Chinese", "日本語 Japanese", "한국어 Korean"}

	percentagesEMRT2 = append(append([]string(nil), percentages...), "Did not survey")
	percentagesAMRT  = append(append([]string(nil), percentages...), "Unknown", "Did not survey")

	// cmrtCompany is the company block of CMRT, CRT and EMRT 1.x (D8–D22).
	cmrtCompany = CompanyCells{
		Name: "D8", Scope: "D9", ScopeDescription: "D10", UniqueID: "D12", UniqueIDAuthority: "D13",
		Address: "D14", ContactName: "D15", ContactEmail: "D16", ContactPhone: "D17",
		Authorizer: "D18", AuthorizerTitle: "D19", AuthorizerEmail: "D20", AuthorizerPhone: "D21",
		EffectiveDate: "D22",
	}
	// cmrtSmelterColumns is the Smelter List A–Q of CMRT, CRT, EMRT and AMRT 1.3.
	cmrtSmelterColumns = SmelterListLayout{
		HeaderRow: 4, FirstRow: 5, LastRow: 2504,
		CIDInput: "A", Metal: "B", LookupName: "C", Name: "D", Country: "E", CID: "F", Source: "G",
		Street: "H", City: "I", State: "J", ContactName: "K", ContactEmail: "L", NextSteps: "M",
		MineName: "N", MineCountry: "O", Recycled: "P", Comments: "Q", LastColumn: "Q",
	}
	mineList = &MineListLayout{
		HeaderRow: 4, FirstRow: 5, LastRow: 2504,
		Metal: "A", SmelterName: "B", MineName: "C", MineID: "D", Source: "E", Country: "F", Street: "G",
		City: "H", State: "I", ContactName: "J", ContactEmail: "K", NextSteps: "L", Comments: "M",
	}
	productsOld = ProductListLayout{HeaderRow: 5, FirstRow: 6, LastRow: 1000, Number: "B", Name: "C", Comments: "D"}
	productsNew = ProductListLayout{HeaderRow: 5, FirstRow: 6, LastRow: 1000, Number: "B", Name: "C", RequesterNumber: "D", RequesterName: "E", Comments: "F"}
)

func smelters(last int) SmelterListLayout {
	s := cmrtSmelterColumns
	s.LastRow = last
	return s
}

// emrt1 is EMRT 1.1–1.3: cobalt and mica in fixed rows (two hidden
// placeholder rows per question are not minerals).
func emrt1(version, released string, langs []string) Layout {
	na := "Not applicable for this declaration"
	out := []string{"No", "Unknown", na}
	q4 := question("4", 44, "Does 100 percent of the cobalt originate from recycled or scrap sources?", yesNoUnknown, NeedInScope)
	q4.OnlyMinerals = []string{"Cobalt"}
	l := Layout{
		Family: EMRT, Version: version, Released: released, Languages: langs,
		Company:  cmrtCompany,
		Minerals: []string{"Cobalt", "Mica"},
		Questions: []Question{
			question("1", 26, "Is cobalt or mica intentionally added or used in the product(s) or in the production process?", []string{"Yes", "No", "Unknown", na}, NeedAlways),
			question("2", 32, "Does cobalt or mica remain in the product(s)?", yesNoUnknown, NeedUsed),
			fact(question("3", 38, "Do any of the smelters or processors in your supply chain source from conflict-affected and high-risk areas?", []string{"Yes", "No", "Unknown", "DRC only", "India and/or Madagascar only"}, NeedInScope), "CAHRA_SOURCING"),
			q4,
			question("5", 50, "What percentage of relevant suppliers have provided a response to your supply chain survey?", percentages, NeedInScope),
			question("6", 56, "Have you identified all of the smelters or processors supplying cobalt or mica to your supply chain?", yesNoUnknown, NeedInScope),
			question("7", 62, "Has all applicable smelter or processor information received by your company been reported in this declaration?", yesNoUnknown, NeedInScope),
		},
		CompanyQuestions: []CompanyQuestion{
			{ID: "A", Cell: "D69", CommentCell: "G69", Options: yesNo, Text: "Have you established a responsible minerals sourcing policy?"},
			{ID: "B", Cell: "D71", CommentCell: "G71", Options: yesNo, CommentRequiredWhen: "Yes", CommentCode: "URL_MISSING", Text: "Is that policy publicly available on your website?"},
			{ID: "C", PerMineralRow: 74, Options: []string{"Yes", "Yes, when more processors are validated", "No"}, Text: "Do you require your direct suppliers to source from smelters or processors whose due diligence practices have been validated by an independent third party audit program?"},
			{ID: "D", Cell: "D77", CommentCell: "G77", Options: yesNo, Text: "Have you implemented due diligence measures for responsible sourcing?"},
			{ID: "E", Cell: "D79", CommentCell: "G79", Options: []string{"Yes, in conformance with IPC1755 (e.g. EMRT)", "Yes, Using Other Format (Describe)", "No"},
				CommentRequiredWhen: "Yes, Using Other Format (Describe)", CommentCode: "DESCRIPTION_MISSING", CommentInsteadOfAnswer: true,
				Text: "Does your company conduct cobalt and/or mica survey(s) of your relevant supplier(s)?"},
			{ID: "F", Cell: "D81", CommentCell: "G81", Options: yesNo, Text: "Do you review due diligence information received from your suppliers against your company's expectations?"},
			{ID: "G", Cell: "D83", CommentCell: "G83", Options: yesNo, Text: "Does your review process include corrective action management?"},
		},
		Smelters:     smelters(2500),
		Products:     productsOld,
		OutOfScopeQ1: out, OutOfScopeQ2: out,
		CompanyNeed: NeedInScope, SmelterRule: SmelterRuleLookup,
		NotListedCounted: version != "1.1" && version != "1.11",
	}
	if version == "1.1" || version == "1.11" {
		// Dropped in 1.2: a policy answered Yes needed a comment.
		l.CompanyQuestions[0].CommentRequiredWhen = "Yes"
		l.CompanyQuestions[0].CommentCode = "COMMENT_MISSING"
	}
	return l
}

// emrt2 is EMRT 2.0/2.1: up to six minerals picked in D12:G13 and sorted
// into ten slots per question.
func emrt2(version, released string, smelterLast int, products ProductListLayout, current bool) Layout {
	minerals := []string{"Cobalt", "Copper", "Graphite", "Lithium", "Mica", "Nickel"}
	return Layout{
		Family: EMRT, Version: version, Released: released, Current: current, Languages: emrtLangs6,
		Company: CompanyCells{
			Name: "D8", Scope: "D9", ScopeDescription: "D10", UniqueID: "D16", UniqueIDAuthority: "D17",
			Address: "D18", ContactName: "D19", ContactEmail: "D20", ContactPhone: "D21", Authorizer: "D22",
			AuthorizerTitle: "D23", AuthorizerEmail: "D24", AuthorizerPhone: "D25", EffectiveDate: "D26",
		},
		MineralCells:   []string{"D12", "E12", "G12", "D13", "E13", "G13"},
		MineralOptions: minerals,
		Slots:          10, CheckedSlots: 6,
		Questions: []Question{
			question("1", 30, "Is the mineral intentionally added or used in the product(s) or in the production process?", []string{"Yes", "No", "Unknown", "Not declaring"}, NeedAlways),
			question("2", 42, "Does the mineral remain in the product(s)?", yesNoUnknown, NeedUsed),
			fact(question("3", 54, "Do any of the smelters or processors in your supply chain source from conflict-affected and high-risk areas?", yesNoUnknown, NeedInScope), "CAHRA_SOURCING"),
			question("4", 66, "Does 100 percent of the mineral originate from recycled or scrap sources?", yesNoUnknown, NeedInScope),
			question("5", 78, "What percentage of relevant suppliers have provided a response to your supply chain survey?", percentagesEMRT2, NeedInScope),
			question("6", 90, "Have you identified all of the smelters or processors supplying the mineral to your supply chain?", yesNoUnknown, NeedInScope),
			question("7", 102, "Has all applicable smelter or processor information received by your company been reported in this declaration?", yesNoUnknown, NeedInScope),
		},
		CompanyQuestions: []CompanyQuestion{
			{ID: "A", Cell: "D115", CommentCell: "G115", Options: yesNo, Text: "Have you established a responsible minerals sourcing policy?"},
			{ID: "B", Cell: "D117", CommentCell: "G117", Options: yesNo, CommentRequiredWhen: "Yes", CommentCode: "URL_MISSING", Text: "Is that policy publicly available on your website?"},
			{ID: "C", PerMineralRow: 120, Options: []string{"Yes", "Yes, when more processors are validated", "No"}, Text: "Do you require your direct suppliers to source from smelters or processors whose due diligence practices have been validated by an independent third party audit program?"},
			{ID: "D", Cell: "D131", CommentCell: "G131", Options: yesNo, Text: "Have you implemented due diligence measures for responsible sourcing?"},
			{ID: "E", Cell: "D133", CommentCell: "G133", Options: []string{"Yes, in conformance with IPC1755 (e.g. EMRT)", "Yes, Using Other Format (Describe)", "No"}, Text: "Does your company conduct surveys of your relevant supplier(s)?"},
			{ID: "F", Cell: "D135", CommentCell: "G135", Options: yesNo, Text: "Do you review due diligence information received from your suppliers against your company's expectations?"},
			{ID: "G", Cell: "D137", CommentCell: "G137", Options: yesNo, Text: "Does your review process include corrective action management?"},
		},
		Smelters:     smelters(smelterLast),
		Mines:        mineList,
		Products:     products,
		OutOfScopeQ1: []string{"No", "Unknown", "Not declaring"}, OutOfScopeQ2: []string{"No", "Unknown"},
		CompanyNeed: NeedInScope, SmelterRule: SmelterRuleLookup, NotListedCounted: true, MineralsRequired: true,
	}
}

// crt22 is the Cobalt Reporting Template 2.2 ("2.21" files say 2.2).
func crt22() Layout {
	out := []string{"No", "Unknown"}
	return Layout{
		Family: CRT, Version: "2.2", Released: "October 28, 2020", Current: true, Languages: crtLangs,
		Company:  cmrtCompany,
		Minerals: []string{"Cobalt"},
		Questions: []Question{
			question("1", 26, "Is cobalt intentionally added or used in the product(s) or in the production process?", yesNoUnknown, NeedAlways),
			fact(question("2", 32, "Do any of the smelters in your supply chain source cobalt from conflict-affected and high-risk areas?", []string{"Yes", "No", "Unknown", "DRC or adjoining countries only"}, NeedUsed), "CAHRA_SOURCING"),
			question("3", 38, "Does 100 percent of the cobalt originate from recycled or scrap sources?", yesNoUnknown, NeedUsed),
			question("4", 44, "What percentage of relevant suppliers have provided a response to your supply chain survey?", percentages, NeedUsed),
			question("5", 50, "Have you identified all of the cobalt smelters supplying your supply chain?", yesNoUnknown, NeedUsed),
			question("6", 56, "Has all applicable smelter information received by your company been reported in this declaration?", yesNoUnknown, NeedUsed),
		},
		CompanyQuestions: []CompanyQuestion{
			{ID: "A", Cell: "D63", CommentCell: "G63", Options: yesNo, CommentRequiredWhen: "Yes", CommentCode: "URL_MISSING", Text: "Do you have a publicly available cobalt sourcing policy?"},
			{ID: "B", Cell: "D65", CommentCell: "G65", Options: yesNo, Text: "Does your policy cover OECD Annex II risks and the worst forms of child labour?"},
			{ID: "C", Cell: "D67", CommentCell: "G67", Options: yesNo, Text: "Have you implemented due diligence measures for responsible sourcing?"},
			{ID: "D", Cell: "D69", CommentCell: "G69", Options: yesNo, Text: "Do you require your suppliers to conduct OECD due diligence?"},
			{ID: "E", Cell: "D71", CommentCell: "G71", Options: yesNo, Text: "Do you require your suppliers to source from validated smelters?"},
			{ID: "F", Cell: "D73", CommentCell: "G73", Options: yesNo, Text: "Does your suppliers' due diligence cover the Annex II risks?"},
			{ID: "G", Cell: "D75", CommentCell: "G75", Options: []string{"Yes, CRT", "Yes, Using Other Format (Describe)", "No"},
				CommentRequiredWhen: "Yes, Using Other Format (Describe)", CommentCode: "DESCRIPTION_MISSING", CommentInsteadOfAnswer: true,
				Text: "Does your company conduct cobalt surveys of your relevant suppliers?"},
			{ID: "H", Cell: "D77", CommentCell: "G77", Options: yesNo, Text: "Do you review due diligence information received from your suppliers?"},
			{ID: "I", Cell: "D79", CommentCell: "G79", Options: yesNo, Text: "Does your review process include corrective action management?"},
		},
		Smelters:     smelters(2500),
		Products:     productsOld,
		OutOfScopeQ1: out,
		CompanyNeed:  NeedUsed, SmelterRule: SmelterRuleCRT,
	}
}

// amrtMinerals13 is AMRT 1.3's list of minerals; 1.31 adds cadmium, lead,
// molybdenum, rhenium, selenium and tellurium (LAYOUTS-2026.md §5).
var (
	amrtMinerals13  = []string{"Aluminum", "Iridium", "Lime", "Manganese", "Palladium", "Platinum", "Rare Earth Elements", "Rhodium", "Ruthenium", "Silver", "Soda Ash", "Zinc", "Other [specify below]"}
	amrtMinerals131 = []string{"Aluminum", "Cadmium", "Iridium", "Lead", "Lime", "Manganese", "Molybdenum", "Palladium", "Platinum", "Rare Earth Elements", "Rhenium", "Rhodium", "Ruthenium", "Selenium", "Silver", "Soda Ash", "Tellurium", "Zinc", "Other [specify below]"}
)

// amrt is AMRT 1.2/1.21 (free-text minerals, no look-up) and 1.3 on
// (minerals from a list or "Other", Smelter List as the CMRT's); 1.31 and
// its re-release 1.31.1 keep 1.3's cells with a longer mineral list.
func amrt(version, released string, current bool) Layout {
	v13 := !VersionLess(version, "1.3")
	first := 28
	company := CompanyCells{
		Name: "D8", Scope: "D9", ScopeDescription: "D10", UniqueID: "D14", UniqueIDAuthority: "D15",
		Address: "D16", ContactName: "D17", ContactEmail: "D18", ContactPhone: "D19", Authorizer: "D20",
		AuthorizerTitle: "D21", AuthorizerEmail: "D22", AuthorizerPhone: "D23", EffectiveDate: "D24",
	}
	sl := SmelterListLayout{
		HeaderRow: 4, FirstRow: 5, LastRow: 2504,
		Metal: "A", Name: "B", Country: "C", CID: "D", Source: "E", Street: "F", City: "G", State: "H",
		ContactName: "I", ContactEmail: "J", NextSteps: "K", MineName: "L", MineCountry: "M", Recycled: "N", Comments: "O", LastColumn: "O",
	}
	l := Layout{
		Family: AMRT, Version: version, Released: released, Current: current, Languages: emrtLangs6,
		MineralCells: []string{"D12", "E12", "G12", "H12", "I12", "D13", "E13", "G13", "H13", "I13"},
		Slots:        10,
		Smelters:     sl,
		Mines:        mineList,
		Products:     ProductListLayout{HeaderRow: 5, FirstRow: 6, LastRow: 2005, Number: "B", Name: "C", Comments: "D"},
		OutOfScopeQ1: []string{"No", "Unknown", "Not declaring"},
		CompanyNeed:  NeedInScope, SmelterRule: SmelterRuleNameCountry, MineralsRequired: true,
	}
	if v13 {
		first = 31
		company = CompanyCells{
			Name: "D8", Scope: "D9", ScopeDescription: "D10", UniqueID: "D17", UniqueIDAuthority: "D18",
			Address: "D19", ContactName: "D20", ContactEmail: "D21", ContactPhone: "D22", Authorizer: "D23",
			AuthorizerTitle: "D24", AuthorizerEmail: "D25", AuthorizerPhone: "D26", EffectiveDate: "D27",
		}
		l.OtherCells = []string{"D15", "E15", "G15", "H15", "I15", "D16", "E16", "G16", "H16", "I16"}
		l.MineralOptions = amrtMinerals13
		if !VersionLess(version, "1.31") {
			l.MineralOptions = amrtMinerals131
		}
		l.Smelters = cmrtSmelterColumns
		l.SmelterRule = SmelterRuleMetal
		l.NotListedCounted = true
		l.Products = productsNew
		l.Products.LastRow = 2005
	}
	l.Company = company
	l.Questions = []Question{
		{ID: "1", FirstRow: first, Options: []string{"Yes", "No", "Unknown", "Not declaring"}, Need: NeedAlways,
			Text: "Is the mineral intentionally added or used in the product(s) or in the production process?"},
		{ID: "2", FirstRow: first + 12, Options: percentagesAMRT, Need: NeedUsed, Uncounted: true,
			Text: "What percentage of relevant suppliers have provided a response to your supply chain survey?"},
	}
	return l
}

// familyLayouts are the EMRT's, CRT's and AMRT's revisions.
func familyLayouts() []Layout {
	return []Layout{
		emrt1("1.1", "October 14, 2022", emrtLangs5),
		emrt1("1.11", "November 4, 2022", emrtLangs5),
		emrt1("1.2", "May 12, 2023", emrtLangs5),
		emrt1("1.3", "April 26, 2024", emrtLangs6),
		emrt2("2.0", "April 25, 2025", 2504, ProductListLayout{HeaderRow: 5, FirstRow: 6, LastRow: 1000, Number: "B", Name: "C", Comments: "D"}, false),
		emrt2("2.1", "October 17, 2025", 2497, productsNew, false),
		// 2.11 and its logo-less re-release 2.11.1 equal 2.1 in every cell
		// (LAYOUTS-2026.md §2, §7); only the effective-date check opened
		// up, which Check does not cap in any revision.
		emrt2("2.11", "", 2497, productsNew, true),
		emrt2("2.11.1", "", 2497, productsNew, true),
		crt22(),
		amrt("1.2", "October 4, 2024", false),
		amrt("1.21", "May 16, 2025", false),
		amrt("1.3", "October 17, 2025", false),
		amrt("1.31", "", true),
		amrt("1.31.1", "", true),
	}
}
