-- 0010: the SAQ question bank each questionnaire was written from.
--
-- A questionnaire embeds its bank (sheet QuestionBank); each distinct bank
-- is stored once, by the SHA-256 of its canonical YAML, and each SAQ
-- declaration names its bank: it is scored with that bank's points and
-- critical questions. Questionnaires imported before this migration were
-- all read and scored with the default bank, version 1.0, whose canonical
-- YAML is inserted here as it was then (a later default leaves them alone).

CREATE TABLE saq_banks (
    sha256  TEXT NOT NULL PRIMARY KEY CHECK (length(sha256) = 64), -- of yaml
    bank_id TEXT NOT NULL,
    version TEXT NOT NULL,
    yaml    TEXT NOT NULL
);

ALTER TABLE declarations ADD COLUMN saq_bank TEXT REFERENCES saq_banks (sha256);

INSERT INTO saq_banks (sha256, bank_id, version, yaml) VALUES ('2321b42c61ad4259618e962b6710f03992917c890598a0134c7f93da795cd449', 'default', '1.0', 'id: default
version: "1.0"
scale:
- label: "Yes"
  points: 2
- label: Partly
  points: 1
- label: "No"
  points: 0
themes:
- id: GOV
  name:
    en: Sustainability-related corporate governance
    ja: サステナビリティに関するコーポレートガバナンス
    zh: 可持续发展相关的公司治理
  questions:
  - id: GOV1
    kind: policy
    rba: E1 Company Commitment
    text:
      en: Has top management approved a sustainability policy that is communicated to employees and suppliers?
      ja: 経営層が承認し、従業員と取引先に周知されたサステナビリティ方針がありますか？
      zh: 是否有经最高管理层批准并传达给员工和供应商的可持续发展方针？
  - id: GOV2
    kind: system
    rba: E2 Management Accountability and Responsibility
    text:
      en: Is a senior executive responsible for sustainability, with a team or function that promotes it?
      ja: サステナビリティの責任役員と推進体制（担当部署・委員会）がありますか？
      zh: 是否有负责可持续发展的高级管理人员及推进体制（部门或委员会）？
  - id: GOV3
    kind: initiative
    rba: E4 Risk Assessment and Risk Management
    text:
      en: Do you assess sustainability risks (labour, environment, ethics) at least once a year?
      ja: 労働・環境・倫理のサステナビリティリスクを年1回以上評価していますか？
      zh: 是否每年至少评估一次劳工、环境、道德方面的可持续发展风险？
  - id: GOV4
    kind: monitoring
    rba: E9 Audits and Assessments
    text:
      en: Do internal or external audits check conformance with your sustainability policy?
      ja: 内部または外部監査で方針への適合を確認していますか？
      zh: 是否通过内部或外部审核确认对方针的符合性？
  - id: GOV5
    kind: improvement
    rba: E5 Improvement Objectives
    text:
      en: Do you set written improvement objectives and targets and review progress?
      ja: 改善目標を文書で定め、進捗を見直していますか？
      zh: 是否制定书面改进目标并评审进展？
- id: HR
  name:
    en: Human rights
    ja: 人権
    zh: 人权
  questions:
  - id: HR1
    kind: policy
    rba: A Labor (introduction); E1 Company Commitment
    text:
      en: Do you have a human rights policy based on international standards (UN Guiding Principles, ILO)?
      ja: 国際規範（国連指導原則、ILO）に基づく人権方針がありますか？
      zh: 是否有基于国际规范（联合国指导原则、国际劳工组织）的人权方针？
  - id: HR2
    kind: system
    rba: A5 Humane Treatment
    text:
      en: Do you prohibit harassment and inhumane treatment, with disciplinary rules that workers know?
      ja: ハラスメントや非人道的な扱いを禁止し、懲戒規程を従業員に周知していますか？
      zh: 是否禁止骚扰和不人道待遇，并向员工公布纪律规定？
  - id: HR3
    kind: initiative
    rba: A6 Non-Discrimination/Non-Harassment
    text:
      en: Do you prevent discrimination in hiring, pay, promotion and training?
      ja: 採用・賃金・昇進・教育における差別を防止していますか？
      zh: 是否在招聘、薪酬、晋升和培训中防止歧视？
  - id: HR4
    kind: monitoring
    rba: E8 Worker Feedback, Participation and Grievance
    text:
      en: Is there a grievance channel open to workers and outsiders, protecting them from retaliation?
      ja: 報復から保護される、従業員と外部の人が使える苦情処理窓口がありますか？
      zh: 是否有员工和外部人员均可使用且防止报复的申诉渠道？
  - id: HR5
    kind: improvement
    rba: E10 Corrective Action Process
    text:
      en: Do you remedy and correct human rights impacts that you find?
      ja: 見つかった人権への負の影響を是正・救済していますか？
      zh: 是否对发现的人权负面影响进行纠正和补救？
- id: LAB
  name:
    en: Labour
    ja: 労働
    zh: 劳工
  questions:
  - id: LAB1
    kind: policy
    rba: A1 Freely Chosen Employment
    text:
      en: Do you ensure that no forced, bonded, indentured or prison labour is used, and that workers keep their identity documents and pay no recruitment fees?
      ja: 強制労働・債務労働・囚人労働を使用せず、身分証明書の保持と採用手数料の不徴収を確保していますか？
      zh: 是否确保不使用强迫、抵债、契约或监狱劳工，员工自行保管身份证件且不支付招聘费用？
    critical:
      code: FORCED_LABOUR
      unfavourable:
      - "No"
      - Partly
  - id: LAB2
    kind: system
    rba: A2 Young Workers
    text:
      en: Do you verify workers'' age so that no child labour is used, and protect young workers from hazardous work and night shifts?
      ja: 年齢確認により児童労働を使用せず、若年労働者を危険作業・夜勤から保護していますか？
      zh: 是否核实员工年龄以杜绝童工，并保护未成年工免于危险作业和夜班？
    critical:
      code: CHILD_LABOUR
      unfavourable:
      - "No"
      - Partly
  - id: LAB3
    kind: initiative
    rba: A3 Working Hours
    text:
      en: Do working hours stay within 60 hours a week including overtime, with at least one day off in seven, and do you act on overwork?
      ja: 労働時間は残業を含め週60時間以内、7日に1日以上の休日があり、過重労働に対処していますか？
      zh: 工作时间（含加班）是否每周不超过60小时、每7天至少休息1天，并对过度劳动采取措施？
    critical:
      code: WORKING_HOURS
      unfavourable:
      - "No"
  - id: LAB4
    kind: monitoring
    rba: A4 Wages and Benefits
    text:
      en: Do you pay at least the legal minimum wage and overtime premiums, with clear pay slips?
      ja: 法定最低賃金と割増賃金を支払い、明細を交付していますか？
      zh: 是否支付不低于法定最低工资及加班费，并提供清晰的工资单？
  - id: LAB5
    kind: improvement
    rba: A7 Freedom of Association
    text:
      en: Do you respect workers'' right to form and join unions and to bargain collectively?
      ja: 労働組合の結成・加入と団体交渉の権利を尊重していますか？
      zh: 是否尊重员工组建和加入工会及集体谈判的权利？
- id: ENV
  name:
    en: Environment
    ja: 環境
    zh: 环境
  questions:
  - id: ENV1
    kind: policy
    rba: C1 Environmental Permits and Reporting
    text:
      en: Do you hold and keep current all environmental permits and registrations?
      ja: 必要な環境許認可をすべて取得し、更新していますか？
      zh: 是否取得并及时更新所有环境许可和登记？
  - id: ENV2
    kind: system
    rba: E3 Legal and Customer Requirements; C
    text:
      en: Do you run a certified environmental management system (e.g. ISO 14001)?
      ja: 認証を受けた環境マネジメントシステム（ISO 14001等）を運用していますか？
      zh: 是否运行经认证的环境管理体系（如ISO 14001）？
  - id: ENV3
    kind: initiative
    rba: C8 Energy Consumption and Greenhouse Gas Emissions
    text:
      en: Do you measure energy use and greenhouse gas emissions and have a reduction target?
      ja: エネルギー使用量と温室効果ガス排出量を把握し、削減目標がありますか？
      zh: 是否掌握能源使用量和温室气体排放量并设有减排目标？
  - id: ENV4
    kind: monitoring
    rba: C3 Hazardous Substances; C6 Materials Restrictions
    text:
      en: Do you control hazardous substances and meet product substance restrictions (e.g. RoHS, REACH)?
      ja: 有害物質を管理し、製品含有化学物質規制（RoHS、REACH等）に対応していますか？
      zh: 是否管理有害物质并符合产品化学物质限制（如RoHS、REACH）？
  - id: ENV5
    kind: improvement
    rba: C2 Pollution Prevention and Resource Reduction; C7 Water Management
    text:
      en: Do you reduce waste, water use and pollution with yearly targets?
      ja: 廃棄物・水使用・汚染を年次目標により削減していますか？
      zh: 是否按年度目标减少废弃物、用水和污染？
- id: FBP
  name:
    en: Fair business practices
    ja: 公正な企業活動
    zh: 公平商业行为
  questions:
  - id: FBP1
    kind: policy
    rba: D1 Business Integrity
    text:
      en: Do you prohibit bribery, corruption, extortion and embezzlement in a written policy?
      ja: 贈収賄・汚職・恐喝・横領を文書化した方針で禁止していますか？
      zh: 是否以书面方针禁止贿赂、腐败、勒索和挪用？
  - id: FBP2
    kind: system
    rba: D5 Fair Business, Advertising and Competition
    text:
      en: Do you have rules and training on competition law and fair trading?
      ja: 独占禁止法・公正取引に関する規程と教育がありますか？
      zh: 是否有关于竞争法和公平交易的规定和培训？
  - id: FBP3
    kind: initiative
    rba: D4 Intellectual Property
    text:
      en: Do you respect intellectual property and protect customer information?
      ja: 知的財産を尊重し、顧客情報を保護していますか？
      zh: 是否尊重知识产权并保护客户信息？
  - id: FBP4
    kind: monitoring
    rba: D6 Protection of Identity and Non-Retaliation
    text:
      en: Is there a whistle-blowing channel that protects the whistle-blower''s identity?
      ja: 通報者の匿名性を守る内部通報制度がありますか？
      zh: 是否有保护举报人身份的举报制度？
  - id: FBP5
    kind: improvement
    rba: D7 Responsible Sourcing of Minerals
    text:
      en: Do you exercise due diligence on the source of tin, tantalum, tungsten, gold and cobalt?
      ja: スズ・タンタル・タングステン・金・コバルトの調達についてデューディリジェンスを行っていますか？
      zh: 是否对锡、钽、钨、金和钴的来源开展尽职调查？
- id: QS
  name:
    en: Quality and safety
    ja: 品質・安全性
    zh: 质量与安全
  questions:
  - id: QS1
    kind: policy
    rba: E3 Legal and Customer Requirements
    text:
      en: Do you have a quality policy and a certified quality management system (e.g. ISO 9001)?
      ja: 品質方針と認証を受けた品質マネジメントシステム（ISO 9001等）がありますか？
      zh: 是否有质量方针和经认证的质量管理体系（如ISO 9001）？
  - id: QS2
    kind: system
    rba: B1 Occupational Safety
    text:
      en: Do you identify and control occupational safety hazards, with protective equipment provided free of charge?
      ja: 労働安全上の危険を特定・管理し、保護具を無償で支給していますか？
      zh: 是否识别并控制职业安全危害，并免费提供防护用品？
  - id: QS3
    kind: initiative
    rba: B2 Emergency Preparedness
    text:
      en: Do you have emergency plans, drills, fire detection and clear exits?
      ja: 緊急時対応計画・訓練・火災検知・避難経路の確保がありますか？
      zh: 是否有应急预案、演练、火灾探测和畅通的安全出口？
  - id: QS4
    kind: monitoring
    rba: B3 Occupational Injury and Illness
    text:
      en: Do you record, investigate and report work injuries and illnesses?
      ja: 労働災害・職業性疾病を記録・調査・報告していますか？
      zh: 是否记录、调查和报告工伤及职业病？
  - id: QS5
    kind: improvement
    rba: E10 Corrective Action Process
    text:
      en: Do you inform customers promptly of product safety or quality problems and correct them?
      ja: 製品の安全・品質問題を速やかに顧客へ連絡し、是正していますか？
      zh: 是否及时向客户通报产品安全或质量问题并予以纠正？
- id: SEC
  name:
    en: Information security
    ja: 情報セキュリティ
    zh: 信息安全
  questions:
  - id: SEC1
    kind: policy
    rba: D8 Privacy
    text:
      en: Do you have an information security and personal data protection policy?
      ja: 情報セキュリティ・個人情報保護方針がありますか？
      zh: 是否有信息安全和个人信息保护方针？
  - id: SEC2
    kind: system
    rba: E2 Management Accountability and Responsibility
    text:
      en: Is someone responsible for information security (e.g. an ISMS, ISO 27001)?
      ja: 情報セキュリティの責任者と管理体制（ISMS、ISO 27001等）がありますか？
      zh: 是否有信息安全负责人及管理体系（如ISMS、ISO 27001）？
  - id: SEC3
    kind: initiative
    rba: D8 Privacy
    text:
      en: Do you protect systems against cyber attacks (access control, patches, backups)?
      ja: サイバー攻撃への対策（アクセス管理、パッチ適用、バックアップ）を行っていますか？
      zh: 是否采取网络攻击防护措施（访问控制、补丁、备份）？
  - id: SEC4
    kind: monitoring
    rba: E6 Training
    text:
      en: Do employees receive information security training at least once a year?
      ja: 従業員に年1回以上の情報セキュリティ教育を行っていますか？
      zh: 是否每年至少对员工进行一次信息安全培训？
  - id: SEC5
    kind: improvement
    rba: E10 Corrective Action Process
    text:
      en: Do you have a procedure to report security incidents to customers without delay?
      ja: セキュリティ事故を遅滞なく顧客に報告する手順がありますか？
      zh: 是否有及时向客户报告安全事故的程序？
- id: SC
  name:
    en: Supply chain
    ja: サプライチェーン
    zh: 供应链
  questions:
  - id: SC1
    kind: policy
    rba: E12 Supplier Responsibility
    text:
      en: Do you ask your suppliers to follow a code of conduct like the RBA Code?
      ja: 取引先にRBA行動規範と同等の行動規範の遵守を求めていますか？
      zh: 是否要求供应商遵守类似RBA行为准则的行为准则？
  - id: SC2
    kind: system
    rba: E12 Supplier Responsibility
    text:
      en: Is a team responsible for sustainable procurement?
      ja: 持続可能な調達を推進する体制がありますか？
      zh: 是否有负责可持续采购的体制？
  - id: SC3
    kind: initiative
    rba: E4 Risk Assessment and Risk Management
    text:
      en: Do you assess your suppliers'' sustainability risks (questionnaires, audits)?
      ja: 取引先のサステナビリティリスクを評価（SAQ、監査）していますか？
      zh: 是否评估供应商的可持续发展风险（问卷、审核）？
  - id: SC4
    kind: monitoring
    rba: E9 Audits and Assessments
    text:
      en: Do you follow up high-risk suppliers with visits or audits?
      ja: 高リスクの取引先を訪問や監査でフォローしていますか？
      zh: 是否通过走访或审核跟进高风险供应商？
  - id: SC5
    kind: improvement
    rba: E10 Corrective Action Process
    text:
      en: Do you agree corrective action plans with suppliers and track them to closure?
      ja: 取引先と是正計画を合意し、完了まで追跡していますか？
      zh: 是否与供应商商定纠正计划并跟踪至完成？
- id: COM
  name:
    en: Harmonious coexistence with local communities
    ja: 地域社会との共生
    zh: 与当地社区和谐共处
  questions:
  - id: COM1
    kind: policy
    rba: E1 Company Commitment
    text:
      en: Does your policy commit to respecting local communities and their environment?
      ja: 方針に地域社会とその環境の尊重を定めていますか？
      zh: 方针中是否承诺尊重当地社区及其环境？
  - id: COM2
    kind: system
    rba: E7 Communication
    text:
      en: Do you have a contact point and a process for dialogue with local communities?
      ja: 地域社会との対話窓口と手順がありますか？
      zh: 是否有与当地社区对话的窗口和程序？
  - id: COM3
    kind: initiative
    rba: C5 Air Emissions; C4 Solid Waste
    text:
      en: Do you prevent nuisance to neighbours (noise, odour, emissions, traffic)?
      ja: 近隣への迷惑（騒音・臭気・排出・交通）を防止していますか？
      zh: 是否防止对周边居民造成困扰（噪音、异味、排放、交通）？
  - id: COM4
    kind: monitoring
    rba: D3 Disclosure of Information
    text:
      en: Do you publish information on your social and environmental performance?
      ja: 社会・環境面の実績を公開していますか？
      zh: 是否公开社会和环境绩效信息？
  - id: COM5
    kind: improvement
    rba: E8 Worker Feedback, Participation and Grievance
    text:
      en: Do you act on complaints from the community and report back?
      ja: 地域からの苦情に対応し、結果を伝えていますか？
      zh: 是否处理社区投诉并反馈结果？
');

UPDATE declarations SET saq_bank = '2321b42c61ad4259618e962b6710f03992917c890598a0134c7f93da795cd449' WHERE family = 'SAQ';
