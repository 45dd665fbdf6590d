package smelterstest

// Word pools for generated facility names. The names are invented; they
// only need the shapes real lists have: place + brand + industry + legal
// form, local-script aliases, accents, many near neighbours.

type word struct{ latin, local string }

type place struct {
	city, state string
	local       string // local-script city, when the profile has a script
}

type profile struct {
	country  string
	weight   int
	places   []place
	brands   []word
	industry map[string][]word // metal → words; "" for any metal
	suffixes []string
	prefixes []string // legal forms written first (PT, JSC...)
	pattern  int      // name pattern, see standardName
	script   string   // "zh", "ja", "ko" or ""
}

var chinaPlaces = []place{
	{"Ganzhou", "Jiangxi Sheng", "赣州"}, {"Nanchang", "Jiangxi Sheng", "南昌"}, {"Jiujiang", "Jiangxi Sheng", "九江"},
	{"Yichun", "Jiangxi Sheng", "宜春"}, {"Dayu", "Jiangxi Sheng", "大余"}, {"Kunming", "Yunnan Sheng", "昆明"},
	{"Gejiu", "Yunnan Sheng", "个旧"}, {"Chenzhou", "Hunan Sheng", "郴州"}, {"Changsha", "Hunan Sheng", "长沙"},
	{"Zhuzhou", "Hunan Sheng", "株洲"}, {"Hengyang", "Hunan Sheng", "衡阳"}, {"Hezhou", "Guangxi Zhuangzu Zizhiqu", "贺州"},
	{"Liuzhou", "Guangxi Zhuangzu Zizhiqu", "柳州"}, {"Nanning", "Guangxi Zhuangzu Zizhiqu", "南宁"},
	{"Shenzhen", "Guangdong Sheng", "深圳"}, {"Shaoguan", "Guangdong Sheng", "韶关"}, {"Qingyuan", "Guangdong Sheng", "清远"},
	{"Xiamen", "Fujian Sheng", "厦门"}, {"Longyan", "Fujian Sheng", "龙岩"}, {"Zhaoyuan", "Shandong Sheng", "招远"},
	{"Laizhou", "Shandong Sheng", "莱州"}, {"Yantai", "Shandong Sheng", "烟台"}, {"Luoyang", "Henan Sheng", "洛阳"},
	{"Lingbao", "Henan Sheng", "灵宝"}, {"Tongling", "Anhui Sheng", "铜陵"}, {"Shizuishan", "Ningxia Huizu Zizhiqu", "石嘴山"},
	{"Baotou", "Nei Mongol Zizhiqu", "包头"}, {"Hangzhou", "Zhejiang Sheng", "杭州"}, {"Suzhou", "Jiangsu Sheng", "苏州"},
	{"Jiangxi", "Jiangxi Sheng", "江西"}, {"Yunnan", "Yunnan Sheng", "云南"}, {"Hunan", "Hunan Sheng", "湖南"},
	{"Guangxi", "Guangxi Zhuangzu Zizhiqu", "广西"}, {"Shandong", "Shandong Sheng", "山东"}, {"Fujian", "Fujian Sheng", "福建"},
}

var chinaBrands = []word{
	{"Huaxing", "华兴"}, {"Xinfeng", "信丰"}, {"Jinlong", "金龙"}, {"Hengtai", "恒泰"}, {"Dongfang", "东方"},
	{"Xinhai", "鑫海"}, {"Tianhong", "天宏"}, {"Ruida", "瑞达"}, {"Jiaxin", "嘉鑫"}, {"Hongfa", "宏发"},
	{"Shengda", "盛达"}, {"Yuanjing", "远景"}, {"Zhongxin", "中鑫"}, {"Huayu", "华宇"}, {"Jintai", "金泰"},
	{"Kaida", "凯达"}, {"Minfeng", "民丰"}, {"Yongsheng", "永盛"}, {"Fengyuan", "丰源"}, {"Jiahe", "嘉禾"},
	{"Haoxin", "浩鑫"}, {"Tongda", "通达"}, {"Wanbao", "万宝"}, {"Guanghua", "光华"}, {"Jinhui", "金辉"},
	{"Lianxing", "联兴"}, {"Dingli", "鼎力"}, {"Baoshan", "宝山"}, {"Hongqiao", "虹桥"}, {"Jinyuan", "金源"},
	{"Xinda", "鑫达"}, {"Huachang", "华昌"}, {"Fuyuan", "富源"}, {"Longxiang", "龙翔"}, {"Ruifeng", "瑞丰"},
	{"Tianli", "天利"}, {"Jinshan", "金山"}, {"Zhenxing", "振兴"}, {"Yida", "义达"}, {"Changsheng", "长盛"},
	{"Xiangyu", "翔宇"}, {"Jinxin", "金鑫"}, {"Hengxin", "恒鑫"}, {"Dacheng", "大成"}, {"Shunda", "顺达"},
	{"Anyuan", "安源"}, {"Mingda", "明达"}, {"Huaqiang", "华强"}, {"Zhongjin", "中金"}, {"Chenguang", "晨光"},
}

var chinaIndustry = map[string][]word{
	"Gold": {{"Gold Smelting", "黄金冶炼"}, {"Gold Refinery", "黄金精炼"}, {"Precious Metals", "贵金属"},
		{"Gold & Silver Refinery", "金银精炼"}, {"Gold Mining", "金矿"}},
	"Tin": {{"Tin Industry", "锡业"}, {"Tin Smelting", "锡冶炼"}, {"Nonferrous Metals", "有色金属"}, {"Tin Material", "锡材"}},
	"Tungsten": {{"Tungsten Industry", "钨业"}, {"Rare Metals", "稀有金属"}, {"Cemented Carbide", "硬质合金"},
		{"Tungsten Products", "钨制品"}, {"Tungsten Materials", "钨材料"}},
	"Tantalum": {{"Tantalum Niobium", "钽铌"}, {"Rare Metal Material", "稀有金属材料"}, {"Tantalum Industry", "钽业"},
		{"New Materials", "新材料"}},
	"": {{"Metal Materials", "金属材料"}, {"Smelting", "冶炼"}, {"Mining", "矿业"}},
}

var profiles = []profile{
	{country: "CHINA", weight: 36, places: chinaPlaces, brands: chinaBrands, industry: chinaIndustry,
		suffixes: []string{"Co., Ltd.", "Co., Ltd.", "Co., Ltd.", "Co. Ltd", "Company Limited", "Group Co., Ltd."}, pattern: 0, script: "zh"},
	{country: "TAIWAN, PROVINCE OF CHINA", weight: 2, places: []place{{"Kaohsiung City", "Kaohsiung", "高雄"}, {"Taoyuan City", "Taoyuan", "桃园"}, {"Hsinchu", "Hsinchu", "新竹"}},
		brands: chinaBrands[:25], industry: chinaIndustry, suffixes: []string{"Co., Ltd.", "Corporation"}, pattern: 1, script: "zh"},
	{country: "JAPAN", weight: 8, places: []place{{"Tokyo", "Tokyo", ""}, {"Osaka", "Osaka", ""}, {"Toyama City", "Toyama", ""},
		{"Kitakyushu", "Fukuoka", ""}, {"Akita", "Akita", ""}, {"Hitachi", "Ibaraki", ""}, {"Niihama", "Ehime", ""}},
		brands: []word{{"Takeda", "武田"}, {"Matsuda", "松田"}, {"Kanazawa", "金沢"}, {"Hokuriku", "北陸"}, {"Nishimura", "西村"},
			{"Yamato", "大和"}, {"Shinwa", "信和"}, {"Daiichi", "第一"}, {"Tohoku", "東北"}, {"Kyowa", "協和"}, {"Sanwa", "三和"},
			{"Toyo", "東洋"}, {"Chuo", "中央"}, {"Meiji", "明治"}, {"Ishida", "石田"}, {"Kobayashi", "小林"}, {"Fukuda", "福田"},
			{"Okada", "岡田"}, {"Hayashi", "林"}, {"Morimoto", "森本"}},
		industry: map[string][]word{"": {{"Precious Metals", "貴金属"}, {"Kinzoku", "金属"}, {"Smelting & Refining", "精錬"},
			{"Metal Industries", "金属工業"}, {"Materials", "マテリアル"}, {"Kogyo", "工業"}}},
		suffixes: []string{"Co., Ltd.", "Co., Ltd.", "Corporation", "Corp."}, pattern: 1, script: "ja"},
	{country: "KOREA, REPUBLIC OF", weight: 4, places: []place{{"Incheon", "Incheon-gwangyeoksi", ""}, {"Asan", "Chungcheongnam-do", ""},
		{"Ulsan", "Ulsan-gwangyeoksi", ""}, {"Gumi", "Gyeongsangbuk-do", ""}, {"Ansan", "Gyeonggi-do", ""}},
		brands: []word{{"Hanil", "한일"}, {"Daesung", "대성"}, {"Samhwa", "삼화"}, {"Kumyoung", "금영"}, {"Dongil", "동일"},
			{"Seonghwa", "성화"}, {"Hwasung", "화성"}, {"Sejin", "세진"}, {"Daejin", "대진"}, {"Heesung", "희성"},
			{"Yoosung", "유성"}, {"Jinwoo", "진우"}},
		industry: map[string][]word{"": {{"Metal", "금속"}, {"Precious Metals", "귀금속"}, {"Materials", "소재"}, {"Industrial", "산업"}}},
		suffixes: []string{"Co., Ltd.", "Co., Ltd.", "Corp."}, pattern: 1, script: "ko"},
	{country: "UNITED STATES OF AMERICA", weight: 7, places: []place{{"Attleboro", "Massachusetts", ""}, {"Buffalo", "New York", ""},
		{"Salt Lake City", "Utah", ""}, {"Providence", "Rhode Island", ""}, {"Phoenix", "Arizona", ""}, {"Mentor", "Ohio", ""},
		{"Fairless Hills", "Pennsylvania", ""}},
		brands: words("Pacific", "Atlantic", "Midwest", "Liberty", "Summit", "Eagle", "Keystone", "Granite", "Heritage",
			"Pioneer", "Sterling", "Patriot", "Frontier", "Cascade", "Redwood", "Ironwood", "Bluewater", "Lakeshore",
			"Northstar", "Silverline"),
		industry: map[string][]word{"": words("Refining", "Metals", "Precious Metals", "Alloys", "Recycling", "Smelting", "Materials")},
		suffixes: []string{"Inc.", "LLC", "Corp.", "Corporation", "Company", "Inc"}, pattern: 1},
	{country: "GERMANY", weight: 3, places: []place{{"Pforzheim", "Baden-Württemberg", ""}, {"Hanau", "Hessen", ""},
		{"Freiberg", "Sachsen", ""}, {"Goslar", "Niedersachsen", ""}, {"Hamburg", "Hamburg", ""}},
		brands: words("Pforzheimer", "Hanseatische", "Bergische", "Schwäbische", "Württembergische", "Süddeutsche",
			"Nürnberger", "Oberharzer", "Rheinische", "Sächsische", "Thüringer", "Märkische"),
		industry: map[string][]word{"": words("Edelmetalle", "Scheideanstalt", "Hütte", "Metallwerke", "Goldschmelze",
			"Metallhütte", "Recycling")},
		suffixes: []string{"GmbH", "AG", "GmbH & Co. KG"}, pattern: 1},
	{country: "BRAZIL", weight: 4, places: []place{{"São Paulo", "São Paulo", ""}, {"Ariquemes", "Rondônia", ""},
		{"Belo Horizonte", "Minas Gerais", ""}, {"Nova Lima", "Minas Gerais", ""}},
		brands: words("São João", "Paraná", "Rondônia", "Itaúna", "Pernambucana", "Goiás", "Araxá", "Tocantins",
			"Maranhão", "Juína", "Ouro Preto"),
		industry: map[string][]word{"": words("Mineração", "Metalúrgica", "Fundição", "Indústria e Comércio de Metais")},
		suffixes: []string{"Ltda.", "S.A.", "Ltda"}, pattern: 2},
	{country: "INDONESIA", weight: 7, places: []place{{"Pangkalpinang", "Kepulauan Bangka Belitung", ""},
		{"Muntok", "Kepulauan Bangka Belitung", ""}, {"Tanjung Pandan", "Kepulauan Bangka Belitung", ""}},
		brands: words("Bangka Prima", "Belitung Jaya", "Karimun Sejahtera", "Mitra Stania", "Cipta Persada", "Sumber Jaya",
			"Tinindo", "Menara Cipta", "Artha Cipta", "Babel Inti", "Rajwa", "Prima Timah", "Stanindo", "Sariwiguna",
			"Alam Lestari", "Sukses Inti", "Panca Mega", "Bukit Tujuh", "Lautan Harmonis", "Sinar Bangka"),
		industry: map[string][]word{"": words("Tin", "Timah", "Smelting", "Internusa", "Metalindo", "Perkasa", "Makmur")},
		prefixes: []string{"PT", "PT", "PT", "CV"}, suffixes: []string{"", "", "Tbk"}, pattern: 3},
	{country: "MALAYSIA", weight: 2, places: []place{{"Butterworth", "Pulau Pinang", ""}, {"Ipoh", "Perak", ""}},
		brands:   words("Butterworth", "Penang", "Perak", "Selangor", "Kinta", "Klang"),
		industry: map[string][]word{"": words("Smelting", "Tin Smelting", "Metal Refinery")},
		suffixes: []string{"Sdn. Bhd.", "Berhad", "Sdn Bhd"}, pattern: 1},
	{country: "RUSSIAN FEDERATION", weight: 3, places: []place{{"Yekaterinburg", "Sverdlovskaya oblast'", ""},
		{"Novosibirsk", "Novosibirskaya oblast'", ""}, {"Krasnoyarsk", "Krasnoyarskiy kray", ""}},
		brands: words("Uralskiy", "Novosibirskiy", "Krasnoyarskiy", "Kolymskiy", "Priokskiy", "Shchelkovskiy",
			"Moskovskiy", "Kyshtymskiy", "Sibirskiy", "Tulskiy"),
		industry: map[string][]word{"": words("Non-Ferrous Metals Plant", "Refinery", "Gold Refinery",
			"Metallurgical Combine", "Electrolytic Plant")},
		prefixes: []string{"JSC", "OJSC", "", ""}, suffixes: []string{"", "JSC", "LLC"}, pattern: 3},
	{country: "ITALY", weight: 2, places: []place{{"Arezzo", "Toscana", ""}, {"Vicenza", "Veneto", ""}, {"Pero", "Lombardia", ""}},
		brands:   words("Lombarda", "Aurea", "Valenza", "Aretina", "Vicentina", "Fiorentina", "Milanese", "Torinese"),
		industry: map[string][]word{"": words("Metalli Preziosi", "Affinazione Metalli", "Oro", "Recuperi")},
		suffixes: []string{"S.p.A.", "S.r.l.", "SpA"}, pattern: 1},
	{country: "SWITZERLAND", weight: 2, places: []place{{"Balerna", "Ticino", ""}, {"Neuchâtel", "Neuchâtel", ""}, {"Mendrisio", "Ticino", ""}},
		brands:   words("Ticino", "Helvetia", "Lugano", "Alpina", "Mendrisio", "Léman"),
		industry: map[string][]word{"": words("Refinery", "Métaux Précieux", "Affinage")},
		suffixes: []string{"SA", "S.A.", "AG"}, pattern: 1},
	{country: "MEXICO", weight: 2, places: []place{{"Torreón", "Coahuila de Zaragoza", ""}, {"Monterrey", "Nuevo León", ""}},
		brands:   words("del Norte", "Peñasco", "Sonora", "Zacatecas", "Jalisco", "Coahuila"),
		industry: map[string][]word{"": words("Refinadora", "Metalúrgica", "Metales Preciosos")},
		suffixes: []string{"S.A. de C.V.", "S.A. De C.V."}, pattern: 2},
	{country: "TURKEY", weight: 2, places: []place{{"İstanbul", "İstanbul", ""}, {"İzmir", "İzmir", ""}},
		brands:   words("Anadolu", "Ege", "Kapadokya", "Marmara", "Toros", "Karadeniz"),
		industry: map[string][]word{"": words("Altın Rafinerisi", "Metal", "Kıymetli Madenler")},
		suffixes: []string{"A.Ş.", "San. ve Tic. A.Ş."}, pattern: 1},
	{country: "VIET NAM", weight: 2, places: []place{{"Thai Nguyen", "Thai Nguyen", ""}, {"Tuyen Quang", "Tuyen Quang", ""}},
		brands:   words("Thai Nguyen", "Tuyen Quang", "Ha Giang", "Cao Bang", "Lao Cai", "Nghe An"),
		industry: map[string][]word{"": words("Non-Ferrous Metals", "Mining and Processing", "Metallurgy")},
		suffixes: []string{"Joint Stock Company", "Company Limited"}, pattern: 1},
	{country: "THAILAND", weight: 1, places: []place{{"Bangkok", "Krung Thep Maha Nakhon", ""}, {"Phuket", "Phuket", ""}},
		brands:   words("Siam", "Chanthaburi", "Andaman", "Chao Phraya"),
		industry: map[string][]word{"": words("Smelting and Refining", "Gold Refinery", "Metals")},
		suffixes: []string{"Public Company Limited", "Co., Ltd."}, pattern: 1},
	{country: "INDIA", weight: 2, places: []place{{"Mumbai", "Maharashtra", ""}, {"Ahmedabad", "Gujarat", ""}},
		brands:   words("Shree Ganesh", "Kundan", "Rajshree", "Sovereign", "Maharashtra", "Auric"),
		industry: map[string][]word{"": words("Refinery", "Metals", "Bullion")},
		suffixes: []string{"Pvt. Ltd.", "Private Limited", "Limited"}, pattern: 1},
	{country: "UNITED ARAB EMIRATES", weight: 2, places: []place{{"Dubai", "Dubayy", ""}, {"Sharjah", "Ash Shariqah", ""}},
		brands:   words("Al Noor", "Emirates", "Al Fajr", "Gulf", "Al Safa", "Desert Star"),
		industry: map[string][]word{"": words("Gold Refinery", "Precious Metals", "Bullion")},
		suffixes: []string{"DMCC", "FZE", "LLC"}, pattern: 1},
	{country: "RWANDA", weight: 2, places: []place{{"Kigali", "Kigali", ""}},
		brands:   words("Great Lakes", "Gasabo", "Bugesera", "Nyungwe"),
		industry: map[string][]word{"": words("Mining", "Smelting", "Refinery")},
		suffixes: []string{"Ltd", "SARL"}, pattern: 1},
	{country: "BOLIVIA (PLURINATIONAL STATE OF)", weight: 1, places: []place{{"Oruro", "Oruro", ""}, {"Potosí", "Potosí", ""}},
		brands:   words("Potosí", "Andina", "Altiplano", "Vinto"),
		industry: map[string][]word{"": words("Empresa Metalúrgica", "Operaciones Metalúrgicas")},
		suffixes: []string{"S.A.", ""}, pattern: 2},
	{country: "BELGIUM", weight: 1, places: []place{{"Antwerp", "Antwerpen", ""}, {"Hoboken", "Antwerpen", ""}},
		brands:   words("Flandre", "Wallonie", "Anvers", "Scheldt"),
		industry: map[string][]word{"": words("Métaux", "Affinage", "Recyclage")},
		suffixes: []string{"SA", "N.V.", "NV"}, pattern: 1},
	{country: "KAZAKHSTAN", weight: 1, places: []place{{"Almaty", "Almaty", ""}, {"Ust-Kamenogorsk", "Shyghys Qazaqstan oblysy", ""}},
		brands:   words("Altyn-Tau", "Balkhash", "Irtysh", "Tau-Ken"),
		industry: map[string][]word{"": words("Altyn", "Metallurgical Plant", "Refinery")},
		prefixes: []string{"TOO", ""}, suffixes: []string{"", "LLP"}, pattern: 3},
}

func words(s ...string) []word {
	out := make([]word, len(s))
	for i, v := range s {
		out[i] = word{latin: v}
	}
	return out
}
