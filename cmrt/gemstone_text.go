package cmrt

// Labels of the Gemstone template in its three languages. Answers (the
// dropdown values) stay English in every language, as RMI's files store
// them, so a declaration reads the same whatever language it was filled in.

// gemLanguages maps --lang to the Declaration!D3 option.
var gemLanguages = map[string]string{"en": "English", "zh": "中文 Chinese", "ja": "日本語 Japanese"}

// GemstoneLanguages lists the --lang codes the Gemstone template offers.
func GemstoneLanguages() []string { return []string{"en", "zh", "ja"} }

// gemText is English → Chinese, Japanese.
var gemText = map[string][2]string{
	"Language":                         {"语言", "言語"},
	"Company information":              {"公司信息", "会社情報"},
	"Company name (Legal name)":        {"公司名称（法定名称）", "会社名（正式名称）"},
	"Declaration scope":                {"声明范围", "申告範囲"},
	"Description of scope":             {"范围说明", "範囲の説明"},
	"Company unique ID":                {"公司唯一标识", "会社固有ID"},
	"Company unique ID authority":      {"唯一标识发放机构", "会社固有IDの発行機関"},
	"Address":                          {"地址", "住所"},
	"Contact name":                     {"联系人姓名", "担当者名"},
	"Contact e-mail":                   {"联系人电子邮件", "担当者メールアドレス"},
	"Contact phone":                    {"联系人电话", "担当者電話番号"},
	"Authorizer":                       {"授权人", "承認者"},
	"Title (authorizer)":               {"职务（授权人）", "役職（承認者）"},
	"E-mail (authorizer)":              {"电子邮件（授权人）", "メールアドレス（承認者）"},
	"Phone (authorizer)":               {"电话（授权人）", "電話番号（承認者）"},
	"Effective date (YYYY-MM-DD)":      {"生效日期（YYYY-MM-DD）", "発効日（YYYY-MM-DD）"},
	"Answer":                           {"回答", "回答"},
	"Comments":                         {"备注", "コメント"},
	"Questions per material":           {"按材料的问题", "材料ごとの質問"},
	"Company-level questions":          {"公司层面问题", "会社レベルの質問"},
	"(*) mandatory field":              {"(*) 必填项", "(*) 必須項目"},
	RoughDiamonds:                      {"钻石原石", "ダイヤモンド原石"},
	PolishedDiamonds:                   {"抛光钻石", "研磨済みダイヤモンド"},
	Ruby:                               {"红宝石", "ルビー"},
	Sapphire:                           {"蓝宝石", "サファイア"},
	Emerald:                            {"祖母绿", "エメラルド"},
	"Instructions":                     {"填写说明", "記入方法"},
	"Sources":                          {"来源", "調達先"},
	"Checker":                          {"检查", "チェッカー"},
	"Material":                         {"材料", "材料"},
	"Type":                             {"类型", "種類"},
	"Name":                             {"名称", "名称"},
	"Country":                          {"国家", "国"},
	"Kimberley Process certificate ID": {"金伯利进程证书编号", "キンバリー・プロセス証明書ID"},
	"RJC certificate ID":               {"RJC证书编号", "RJC認証番号"},
	"Mandatory fields left":            {"剩余必填项", "未記入の必須項目"},
	"Field":                            {"字段", "項目"},
	"Cell":                             {"单元格", "セル"},
	"Missing (1 = yes)":                {"缺失（1 = 是）", "未記入（1 = はい）"},
	"Mines, traders, cutting and polishing centres": {"矿山、贸易商、切割抛光中心", "鉱山、トレーダー、研磨・カッティング拠点"},
	"Is the material intentionally added or used in the product(s) or in the production process?": {
		"产品或生产过程中是否有意添加或使用该材料？", "製品または製造工程で当該材料を意図的に添加または使用していますか？"},
	"Countries of mining origin (country names separated by \";\", or \"Unknown\", or \"Recycled / vintage\")": {
		"开采来源国（国家名称以\";\"分隔，或填 \"Unknown\"，或 \"Recycled / vintage\"）",
		"採掘原産国（国名を\";\"で区切る、または \"Unknown\"、\"Recycled / vintage\"）"},
	"Did every shipment of rough diamonds carry a Kimberley Process certificate?": {
		"每批钻石原石是否都附有金伯利进程证书？", "ダイヤモンド原石のすべての出荷にキンバリー・プロセス証明書が付いていましたか？"},
	"Do your invoices carry the World Diamond Council System of Warranties statement?": {
		"您的发票是否载有世界钻石理事会保证体系声明？", "請求書に世界ダイヤモンド評議会のシステム・オブ・ワランティ声明を記載していますか？"},
	"Are you a Responsible Jewellery Council member with Code of Practices (COP) or Chain of Custody (CoC) certification?": {
		"您是否为责任珠宝业委员会（RJC）成员并持有操作规范（COP）或产销监管链（CoC）认证？",
		"責任あるジュエリー協議会（RJC）の会員で、行動規範（COP）または加工流通過程（CoC）認証を受けていますか？"},
	"RJC certificate number":                   {"RJC证书编号", "RJC認証番号"},
	"RJC certificate expiry date (YYYY-MM-DD)": {"RJC证书到期日（YYYY-MM-DD）", "RJC認証の有効期限（YYYY-MM-DD）"},
	"Have you established a responsible sourcing policy covering diamonds and coloured gemstones?": {
		"贵公司是否制定了涵盖钻石和彩色宝石的负责任采购政策？", "ダイヤモンドと色石を対象とする責任ある調達方針を定めていますか？"},
	"Is that policy publicly available? (put its web address in the comment)": {
		"该政策是否公开？（请在备注中填写网址）", "その方針は公開されていますか？（コメントにURLを記入）"},
	"Do you exclude rubies and jadeite of Myanmar (Burma) origin?": {
		"贵公司是否排除缅甸原产的红宝石和翡翠？", "ミャンマー（ビルマ）産のルビーとジェダイトを除外していますか？"},
	"Do you exclude diamonds of Russian origin?": {"贵公司是否排除俄罗斯原产的钻石？", "ロシア産のダイヤモンドを除外していますか？"},
	"Do you have a grievance mechanism open to stakeholders?": {
		"贵公司是否设有对利益相关方开放的申诉机制？", "利害関係者が利用できる苦情処理の仕組みがありますか？"},
}

// gemInstructions are the Instructions sheet's lines.
var gemInstructions = map[string][]string{
	"en": {
		"Gemstone Declaration Template: diamonds and coloured gemstones (ruby, sapphire, emerald).",
		"1. Choose your language in Declaration!D3 (labels only; answers are the same in every language).",
		"2. Fill in the company information. Fields marked (*) are mandatory.",
		"3. For each material, answer question 1; when a material is used, answer the other questions marked (*).",
		"4. Question 2: name the countries of mining origin separated by \";\", or write \"Unknown\" or \"Recycled / vintage\".",
		"5. List each mine, trader, cutting and polishing centre on the Sources sheet with its country and certificate IDs (Kimberley Process, RJC).",
		"6. The Checker sheet counts the mandatory fields left; send the file when it shows 0.",
		"Only the input cells can be edited; the structure of the workbook is protected.",
	},
	"zh": {
		"宝石声明模板：钻石和彩色宝石（红宝石、蓝宝石、祖母绿）。",
		"1. 在 Declaration!D3 选择语言（仅影响标签，各语言的答案相同）。",
		"2. 填写公司信息。标有 (*) 的为必填项。",
		"3. 对每种材料回答问题 1；如使用该材料，请回答其他标有 (*) 的问题。",
		"4. 问题 2：填写开采来源国，以\";\"分隔，或填写 \"Unknown\" 或 \"Recycled / vintage\"。",
		"5. 在 Sources 表中列出每个矿山、贸易商、切割抛光中心及其国家和证书编号（金伯利进程、RJC）。",
		"6. Checker 表统计剩余的必填项；显示 0 时再发送文件。",
		"只有输入单元格可编辑；工作簿结构受保护。",
	},
	"ja": {
		"宝石申告テンプレート：ダイヤモンドと色石（ルビー、サファイア、エメラルド）。",
		"1. Declaration!D3 で言語を選択してください（ラベルのみ。回答はどの言語でも同じです）。",
		"2. 会社情報を記入してください。(*) の項目は必須です。",
		"3. 各材料について質問 1 に回答し、使用している場合は (*) の付いた他の質問にも回答してください。",
		"4. 質問 2：採掘原産国を\";\"で区切って記入するか、\"Unknown\" または \"Recycled / vintage\" と記入してください。",
		"5. Sources シートに鉱山、トレーダー、研磨・カッティング拠点ごとに国と証明書ID（キンバリー・プロセス、RJC）を記入してください。",
		"6. Checker シートが未記入の必須項目を数えます。0 になってからファイルを送付してください。",
		"編集できるのは入力セルのみで、ブックの構成は保護されています。",
	},
}

// gemLabel translates an English label into lang ("en", "zh", "ja").
func gemLabel(lang, en string) string {
	t, ok := gemText[en]
	switch {
	case !ok || lang == "en":
		return en
	case lang == "zh":
		return t[0]
	default:
		return t[1]
	}
}
