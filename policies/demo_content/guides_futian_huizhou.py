# ruff: noqa: E501 - long translated texts, one per line
"""The guides of Futian, the municipal base award, Huizhou and the mentor programme."""

from __future__ import annotations

from datetime import date

from .rows import PolicyRow

FUTIAN_HUIZHOU_AND_MENTORS: list[PolicyRow] = [
    {
        "slug": "futian-internship-subsidy",
        "issuer": "futian-youth-league",
        "region": "futian",
        "categories": ["internship"],
        "groups": ["hk-youth", "macau-youth", "students", "graduates"],
        "effective_from": date(2021, 4, 27),
        "effective_to": None,
        "in_checker": True,
        "criteria": {
            "origins": ["hk", "macau"],
            "education": ["associate", "bachelor", "master", "phd"],
            "situations": ["studying", "unemployed"],
            "needs": ["internship"],
        },
        "source": {
            "title": "关于深圳市政协七届一次会议提案第20210094号《关于推动留学生创业园高质量发展，培育特区先行示范新动能的建议》的会办意见",
            "issuer": "共青团深圳市福田区委员会",
            "date": date(2021, 4, 27),
            "reference": "提案第20210094号",
        },
        "title": {
            "zh_hant": "福田區港澳青年實習補貼",
            "zh_hans": "福田区港澳青年实习补贴",
            "en": "Futian internship subsidy for Hong Kong and Macau youth",
        },
        "summary": {
            "zh_hant": "在福田區創業基地實習的港澳青年，按學歷每月獲得實習補貼：副學位（大專）1,000元、學士1,500元、碩士2,500元、博士4,500元。",
            "zh_hans": "在福田区创业基地实习的港澳青年，按学历每月获得实习补贴：大专1,000元、本科1,500元、硕士2,500元、博士4,500元。",
            "en": "Hong Kong and Macau young people interning at Futian's entrepreneurship bases receive a monthly "
            "subsidy by education level: associate degree 1,000 RMB, bachelor's 1,500 RMB, master's 2,500 "
            "RMB, PhD 4,500 RMB.",
        },
        "body": {
            "zh_hant": "福田區按照大學生實習基地的標準，向在創業基地實習的港澳青年提供實習補貼。\n"
            "福田還在寒暑假發掘實習職位，面向香港大專院校學生開展香港青年專項實習計劃，已接待327名香港大專院校學生實習；香港青年創業就業一站式服務處免費提供就業創業輔導和工商登記、開設公司銀行戶口等代辦服務。",
            "zh_hans": "福田区按照大学生实习基地的标准，向在创业基地实习的港澳青年提供实习补贴。\n"
            "福田还在寒暑假挖掘实习岗位，面向香港高校大学生开展香港青年专项实习计划，已接待327名香港高校学生实习；香港青年创业就业一站式服务处免费提供就业创业辅导和工商登记、开设对公账户等代办服务。",
            "en": "Futian pays Hong Kong and Macau young people who intern at its entrepreneurship bases a subsidy at "
            "the rates of its university-student internship bases.\n"
            "Futian also finds internships for Hong Kong university students during the winter and summer "
            "holidays (its Hong Kong youth internship scheme has hosted 327 students), and its one-stop service "
            "office for Hong Kong youth gives free advice on jobs and start-ups and handles company "
            "registration and corporate bank accounts for them.",
        },
        "eligibility": {
            "zh_hant": "在福田區創業基地實習的香港、澳門青年，具有副學位（大專）或以上學歷（含在讀）。",
            "zh_hans": "在福田区创业基地实习的香港、澳门青年，具有大专或以上学历（含在读）。",
            "en": "Hong Kong and Macau young people interning at an entrepreneurship base in Futian, with an "
            "associate degree or higher (completed or in progress).",
        },
        "benefits_text": {
            "zh_hant": "每月實習補貼：副學位（大專）1,000元，學士1,500元，碩士2,500元，博士4,500元。例如碩士實習3個月，最多可獲7,500元。",
            "zh_hans": "每月实习补贴：大专1,000元，本科1,500元，硕士2,500元，博士4,500元。例如硕士实习3个月，最多可获7,500元。",
            "en": "A monthly internship subsidy: associate degree 1,000 RMB, bachelor's 1,500 RMB, master's "
            "2,500 RMB, PhD 4,500 RMB. A master's student interning for 3 months can receive up to "
            "7,500 RMB.",
        },
        "how_to_apply": {
            "zh_hant": "在本網站網上申請，上傳回鄉證、學歷證明或在讀證明，以及實習基地出具的實習證明，由福田區審核後按月發放。",
            "zh_hans": "在本门户在线申请，上传回乡证、学历证明或在读证明，以及实习基地出具的实习证明，由福田区审核后按月发放。",
            "en": "Apply online on this portal with your Home Return Permit, your degree certificate or proof "
            "of enrolment, and the internship certificate from the base. Futian reviews the claim and "
            "pays monthly.",
        },
    },
    {
        "slug": "futian-housing-support",
        "issuer": "futian-youth-league",
        "region": "futian",
        "categories": ["housing", "community"],
        "groups": ["hk-youth", "macau-youth", "graduates", "startup-teams"],
        "effective_from": date(2021, 4, 27),
        "effective_to": None,
        "in_checker": True,
        "criteria": {"origins": ["hk", "macau"], "needs": ["housing"]},
        "source": {
            "title": "关于深圳市政协七届一次会议提案第20210094号《关于推动留学生创业园高质量发展，培育特区先行示范新动能的建议》的会办意见",
            "issuer": "共青团深圳市福田区委员会",
            "date": date(2021, 4, 27),
            "reference": "提案第20210094号",
        },
        "title": {
            "zh_hant": "福田區港澳青年住宿支援",
            "zh_hans": "福田区港澳青年住宿支持",
            "en": "Futian housing support for Hong Kong and Macau youth",
        },
        "summary": {
            "zh_hant": "港澳青年人才公寓、河套香港青年加班驛站和青年驛站港澳台版，為來福田的港澳青年提供免費或半價住宿。",
            "zh_hans": "港澳青年人才公寓、河套香港青年加班驿站和青年驿站港澳台版，为来福田的港澳青年提供免费或半价住宿。",
            "en": "Talent apartments, overtime rest stations in the Hetao zone and the Hong Kong, Macau and Taiwan "
            "edition of the youth hostel give Hong Kong and Macau young people in Futian free or half-price "
            "accommodation.",
        },
        "body": {
            "zh_hant": "為服務來深創新創業的港澳青年、推動河套深港科技創新合作區建設，福田區提供三類住宿服務：\n"
            "一是港澳青年人才公寓：符合條件的港澳青年可免費短租一個月，或以市場價50%長租，最長不超過一年。\n"
            "二是香港青年加班驛站：在河套深港科技創新合作區工作、因加班無法當日返港的香港青年，可免費入住酒店。\n"
            "三是青年驛站港澳台版：來深購物、旅遊、訪友的香港青年，依申請可免費入住酒店7天。\n"
            "福田CBD青年學院另設香港青年分院，提供創業、職場和興趣三類培訓課程。",
            "zh_hans": "为服务来深创新创业的港澳青年、推动河套深港科技创新合作区建设，福田区提供三类住宿服务：\n"
            "一是港澳青年人才公寓：符合条件的港澳青年可免费短租一个月，或以市场价50%长租，最长不超过一年。\n"
            "二是香港青年加班驿站：在河套深港科技创新合作区工作、因加班无法当日返港的香港青年，可免费入住酒店。\n"
            "三是青年驿站港澳台版：来深购物、旅游、访友的香港青年，依申请可免费入住酒店7天。\n"
            "福田CBD青年学院另设香港青年分院，提供创业、职场和兴趣三类培训课程。",
            "en": "To help Hong Kong and Macau young people who come to Shenzhen to innovate and start businesses, "
            "and to build up the Hetao Shenzhen-Hong Kong Science and Technology Innovation Cooperation Zone, "
            "Futian offers three kinds of accommodation:\n"
            "Talent apartments for Hong Kong and Macau youth: one month's short stay free, or a long stay at "
            "50% of the market rent for up to one year, for those who qualify.\n"
            "Overtime rest stations for Hong Kong youth: a free hotel night for Hong Kong young people working "
            "in the Hetao zone who work too late to go home that day.\n"
            "Youth hostel, Hong Kong, Macau and Taiwan edition: 7 nights free in a hotel, on application, for "
            "Hong Kong young people visiting Shenzhen to shop, travel or see friends.\n"
            "Futian's CBD Youth College also runs a Hong Kong youth branch with courses on starting a business, "
            "the workplace and leisure.",
        },
        "eligibility": {
            "zh_hant": "人才公寓：符合條件的港澳青年人才。加班驛站：在河套合作區工作的香港青年。青年驛站：來深的香港青年，依申請安排。",
            "zh_hans": "人才公寓：符合条件的港澳青年人才。加班驿站：在河套合作区工作的香港青年。青年驿站：来深的香港青年，依申请安排。",
            "en": "Talent apartments: qualifying Hong Kong and Macau young talents. Overtime rest stations: "
            "Hong Kong young people working in the Hetao zone. Youth hostel: Hong Kong young people "
            "visiting Shenzhen, on application.",
        },
        "benefits_text": {
            "zh_hant": "人才公寓一個月免費短租，或半價長租最長一年；加班當晚免費酒店住宿；青年驛站7天免費酒店住宿。",
            "zh_hans": "人才公寓一个月免费短租，或半价长租最长一年；加班当晚免费酒店住宿；青年驿站7天免费酒店住宿。",
            "en": "One month free in a talent apartment, or up to a year at half the market rent; a free "
            "hotel night after working late; 7 free hotel nights at the youth hostel.",
        },
        "how_to_apply": {
            "zh_hant": "向共青團福田區委或所在創業基地申請；青年驛站須提前申請。",
            "zh_hans": "向共青团福田区委或所在创业基地申请；青年驿站须提前申请。",
            "en": "Apply to the Communist Youth League Futian District Committee or through your "
            "entrepreneurship base; apply for the youth hostel in advance.",
        },
    },
    {
        "slug": "futian-landing-support",
        "issuer": "futian-united-front",
        "region": "futian",
        "categories": ["entrepreneurship", "competitions"],
        "groups": ["hk-youth", "macau-youth", "startup-teams"],
        "effective_from": date(2022, 9, 23),
        "effective_to": None,
        "in_checker": True,
        "criteria": {"origins": ["hk", "macau"], "situations": ["startup"], "needs": ["funding"]},
        "source": {
            "title": "关于深圳市福田区政协六届二次会议第20220030号提案的办理意见",
            "issuer": "中共深圳市福田区委统战部",
            "date": date(2022, 9, 23),
            "reference": "提案第20220030号",
        },
        "title": {
            "zh_hant": "福田區港澳青年創業落地支援",
            "zh_hans": "福田区港澳青年创业落地支持",
            "en": "Futian landing support for Hong Kong and Macau youth start-ups",
        },
        "summary": {
            "zh_hant": "在國家、省、市創業大賽獲獎並落戶福田的青年團隊，最高可獲100萬元落地支援；獲得創投融資的，按融資金額最高支援100萬元；華強上步片區智能硬件初創企業最高支援100萬元。",
            "zh_hans": "在国家、省、市创业大赛获奖并落户福田的青年团队，最高可获100万元落地支持；获得创投融资的，按融资金额最高支持100万元；华强上步片区智能硬件初创企业最高支持100万元。",
            "en": "Youth teams that won a national, provincial or municipal start-up competition and register in "
            "Futian can receive up to 1,000,000 RMB; teams that raise venture financing get support in "
            "proportion to the amount, up to 1,000,000 RMB; smart-hardware start-ups in Huaqiang-Shangbu can "
            "receive up to 1,000,000 RMB.",
        },
        "body": {
            "zh_hant": "福田區落實港澳青年來深創業優惠扶持政策，有三項落地支援：\n"
            "一、在國家、省、市創業大賽中獲獎且落戶福田的青年團隊，最高給予100萬元落地支援。\n"
            "二、獲得創投機構融資的團隊，按融資金額給予支援，最高100萬元。\n"
            "三、在華強上步片區推出「初創企業融資及租金支援」，對從事智能硬件研發的初創型科技企業給予最高100萬元支援。\n"
            "福田區還落實境外人才個稅補貼，並以即將建成的河套港澳創新創業谷為中心，構建「1+N」青年創新創業基地佈局。",
            "zh_hans": "福田区落实港澳青年来深创业优惠扶持政策，有三项落地支持：\n"
            "一、在国家、省、市创业大赛中获奖且落户福田的青年团队，最高给予100万元落地支持。\n"
            "二、获得创投机构融资的团队，按融资金额给予支持，最高100万元。\n"
            "三、在华强上步片区推出“初创企业融资及租金支持”，对从事智能硬件研发的初创型科技企业给予最高100万元支持。\n"
            "福田区还落实境外人才个税补贴，并以即将建成的河套港澳创新创业谷为中心，构建“1+N”青年创新创业基地布局。",
            "en": "Futian applies Shenzhen's preferential policies for Hong Kong and Macau youth start-ups with three "
            "kinds of landing support:\n"
            "1. Youth teams that won a national, provincial or municipal start-up competition and register in "
            "Futian: up to 1,000,000 RMB.\n"
            "2. Teams that raise financing from venture investors: support in proportion to the amount raised, "
            "up to 1,000,000 RMB.\n"
            '3. In the Huaqiang-Shangbu area, "start-up financing and rent support": up to 1,000,000 RMB for '
            "young technology companies developing smart hardware.\n"
            "Futian also pays the individual income tax subsidy for talent from outside the mainland, and is "
            'building a "1+N" layout of youth innovation bases centred on the Hetao Hong Kong and Macau '
            "Innovation and Entrepreneurship Valley, now under construction.",
        },
        "eligibility": {
            "zh_hant": "港澳青年創業團隊：在國家、省、市創業大賽獲獎並落戶福田；或獲得創投機構融資；或在華強上步片區從事智能硬件研發的初創企業。",
            "zh_hans": "港澳青年创业团队：在国家、省、市创业大赛获奖并落户福田；或获得创投机构融资；或在华强上步片区从事智能硬件研发的初创企业。",
            "en": "Hong Kong and Macau youth start-up teams that won a national, provincial or municipal "
            "start-up competition and register in Futian, or that raised venture financing, or start-ups "
            "developing smart hardware in the Huaqiang-Shangbu area.",
        },
        "benefits_text": {
            "zh_hant": "每項最高100萬元：創賽獲獎落地支援；按融資金額支援；華強上步片區融資及租金支援。",
            "zh_hans": "每项最高100万元：创赛获奖落地支持；按融资金额支持；华强上步片区融资及租金支持。",
            "en": "Up to 1,000,000 RMB each: landing support for competition winners; support in proportion "
            "to financing raised; financing and rent support in Huaqiang-Shangbu.",
        },
        "how_to_apply": {
            "zh_hant": "在本網站網上申請，上傳營業執照、獲獎證書或融資協議、租賃合同等證明材料，由福田區審核。",
            "zh_hans": "在本门户在线申请，上传营业执照、获奖证书或融资协议、租赁合同等证明材料，由福田区审核。",
            "en": "Apply online on this portal with your business licence and your competition award, "
            "financing agreement or lease. Futian reviews the claim.",
        },
    },
    {
        "slug": "shenzhen-municipal-youth-innovation-base-award",
        "issuer": "shenzhen-hrss",
        "region": "shenzhen",
        "categories": ["entrepreneurship"],
        "groups": ["startup-teams"],
        "effective_from": date(2022, 1, 1),
        "effective_to": None,
        "in_checker": False,
        "criteria": {},
        "source": {
            "title": "深圳市人社局全方位支持港澳青年在深就业创业",
            "issuer": "深圳市人力资源和社会保障局",
            "date": None,
            "reference": "2022年首批市级港澳青年创新创业基地认定",
        },
        "title": {
            "zh_hant": "市級港澳青年創新創業基地獎補",
            "zh_hans": "市级港澳青年创新创业基地奖补",
            "en": "Award for municipal Hong Kong and Macau youth innovation and entrepreneurship bases",
        },
        "summary": {
            "zh_hant": "深圳認定的市級港澳青年創新創業基地，每家獲50萬元一次性獎補，用於場地租賃、孵化服務和購置共享設備。",
            "zh_hans": "深圳认定的市级港澳青年创新创业基地，每家获50万元一次性奖补，用于场地租赁、孵化服务和购置共享设备。",
            "en": "Each base recognised by Shenzhen as a municipal Hong Kong and Macau youth innovation and "
            "entrepreneurship base receives a one-time award of 500,000 RMB for rent, incubation services "
            "and shared equipment.",
        },
        "body": {
            "zh_hant": "2022年，深圳首次認定包括粵港澳青年創新創業工場在內的7家市級港澳青年創新創業基地，每家獲得50萬元一次性獎補，用於場地租賃、孵化服務以及購置共享設備等。\n"
            "截至2023年6月底，7家市級基地累計孵化項目1,582個，其中港澳項目962個，佔61%；在孵項目628個，其中港澳項目455個。",
            "zh_hans": "2022年，深圳首次认定包括粤港澳青年创新创业工场在内的7家市级港澳青年创新创业基地，每家获得50万元一次性奖补，用于场地租赁、孵化服务以及购置共享设备等。\n"
            "截至2023年6月底，7家市级基地累计孵化项目1,582个，其中港澳项目962个，占61%；在孵项目628个，其中港澳项目455个。",
            "en": "In 2022 Shenzhen recognised its first 7 municipal Hong Kong and Macau youth innovation and "
            "entrepreneurship bases, including the GBA Youth Innovation and Entrepreneurship Workshop. Each "
            "received a one-time award of 500,000 RMB for rent, incubation services and shared equipment.\n"
            "By the end of June 2023 the 7 municipal bases had incubated 1,582 projects, 962 of them from Hong "
            "Kong and Macau (61%); 628 projects were incubating, 455 of them from Hong Kong and Macau.",
        },
        "eligibility": {
            "zh_hant": "經深圳市認定為市級港澳青年創新創業基地的營運機構。個人不能申請。",
            "zh_hans": "经深圳市认定为市级港澳青年创新创业基地的运营机构。个人不能申请。",
            "en": "Operators of bases recognised by Shenzhen as municipal Hong Kong and Macau youth innovation "
            "and entrepreneurship bases. Individuals cannot apply.",
        },
        "benefits_text": {
            "zh_hant": "每家基地一次性獎補50萬元。",
            "zh_hans": "每家基地一次性奖补50万元。",
            "en": "A one-time award of 500,000 RMB per base.",
        },
        "how_to_apply": {
            "zh_hant": "由基地營運機構在本網站提交申請及認定文件，由深圳市人社局審核。",
            "zh_hans": "由基地运营机构在本门户提交申请及认定文件，由深圳市人社局审核。",
            "en": "The base operator applies on this portal with its recognition documents; the Shenzhen HR "
            "and social security bureau reviews the claim.",
        },
    },
    {
        "slug": "huizhou-hong-kong-youth-internship-plan",
        "issuer": "huizhou-united-front",
        "region": "huizhou",
        "categories": ["internship", "community"],
        "groups": ["hk-youth", "students"],
        "effective_from": date(2023, 1, 1),
        "effective_to": None,
        "in_checker": True,
        "criteria": {"origins": ["hk"], "situations": ["studying"], "needs": ["internship"]},
        "source": {
            "title": "惠州积极推动惠港澳台侨青年交流 助力惠州高质量发展",
            "issuer": "中共惠州市委统战部",
            "date": None,
            "reference": "惠州日报报道",
        },
        "title": {
            "zh_hant": "惠州香港青年實習計劃",
            "zh_hans": "惠州香港青年实习计划",
            "en": "Huizhou Hong Kong youth internship plan",
        },
        "summary": {
            "zh_hant": "惠州市委統戰部協調企業為香港優秀青年提供實習職位，計劃納入香港特區政府「青年內地實習資助計劃」，已有4批88名香港青年到惠州實習。",
            "zh_hans": "惠州市委统战部协调企业为香港优秀青年提供实习岗位，计划纳入香港特区政府“青年内地实习资助计划”，已有4批88名香港青年到惠州实习。",
            "en": "Huizhou's United Front Work Department finds companies to host outstanding Hong Kong young "
            "people as interns. The plan is part of the HKSAR Government's Funding Scheme for Youth "
            "Internship in the Mainland; 88 Hong Kong young people in 4 batches have interned in Huizhou so "
            "far.",
        },
        "body": {
            "zh_hant": "為進一步搭建惠港交流交往平台，惠州市委統戰部深入開展「香港青年實習計劃」，協調相關企業為香港優秀青年提供實習職位。該計劃被納入香港特區政府「青年內地實習資助計劃」。目前已有4批88名香港青年到惠州實習。\n"
            "惠州港澳台僑綜合服務中心（仲愷高新區匯港城，2022年落成）與各縣（區）基地組成「一中心、多基地」平台，已引進30家企業，簽約合作項目148個，吸引50名高技能人才在惠就業。",
            "zh_hans": "为进一步搭建惠港交流交往平台，惠州市委统战部深入开展“香港青年实习计划”，协调相关企业为香港优秀青年提供实习岗位。该计划被纳入香港特区政府“青年内地实习资助计划”。目前已有4批88名香港青年到惠州实习。\n"
            "惠州港澳台侨综合服务中心（仲恺高新区汇港城，2022年落成）与各县（区）基地组成“一中心、多基地”平台，已引进30家企业，签约合作项目148个，吸引50名高技能人才在惠就业。",
            "en": "To build closer ties between Huizhou and Hong Kong, the United Front Work Department of the CPC "
            "Huizhou Municipal Committee runs a Hong Kong youth internship plan, arranging internships with "
            "local companies for outstanding Hong Kong young people. The plan is part of the HKSAR Government's "
            "Funding Scheme for Youth Internship in the Mainland. So far 88 Hong Kong young people in 4 batches "
            "have interned in Huizhou.\n"
            "The Huizhou service centre for Hong Kong, Macau, Taiwan and overseas Chinese (Huigang City, "
            'Zhongkai High-tech Zone, opened in 2022) and bases in the counties and districts form a "one '
            'centre, many bases" platform that has brought in 30 companies, signed 148 cooperation projects and '
            "attracted 50 highly skilled people to work in Huizhou.",
        },
        "eligibility": {
            "zh_hant": "香港青年，主要為香港大專院校學生，經香港特區政府「青年內地實習資助計劃」參加。",
            "zh_hans": "香港青年，主要为香港高校学生，经香港特区政府“青年内地实习资助计划”参加。",
            "en": "Hong Kong young people, mainly students of Hong Kong universities, taking part through the "
            "HKSAR Government's Funding Scheme for Youth Internship in the Mainland.",
        },
        "benefits_text": {
            "zh_hant": "惠州企業的實習職位；實習資助按香港特區政府「青年內地實習資助計劃」的規定發放。",
            "zh_hans": "惠州企业的实习岗位；实习资助按香港特区政府“青年内地实习资助计划”的规定发放。",
            "en": "Internships with Huizhou companies; internship funding is paid under the rules of the "
            "HKSAR Government's Funding Scheme for Youth Internship in the Mainland.",
        },
        "how_to_apply": {
            "zh_hant": "透過所在院校或參與「青年內地實習資助計劃」的機構報名，或聯絡惠州（香港）人才工作站。",
            "zh_hans": "通过所在院校或参与“青年内地实习资助计划”的机构报名，或联系惠州（香港）人才工作站。",
            "en": "Apply through your university or an organisation taking part in the Funding Scheme for "
            "Youth Internship in the Mainland, or contact the Huizhou (Hong Kong) talent workstation.",
        },
    },
    {
        "slug": "gba-workplace-mentor-programme",
        "issuer": "luohu-hr",
        "region": "luohu",
        "categories": ["mentorship", "employment"],
        "groups": ["hk-youth", "graduates", "professionals"],
        "effective_from": date(2022, 6, 14),
        "effective_to": None,
        "in_checker": True,
        "criteria": {"origins": ["hk"], "needs": ["mentor", "job"]},
        "source": {
            "title": "全国首家香港团体服务中心在罗湖成立 全省率先启动“大湾区职场导师计划”",
            "issuer": "深圳市罗湖区人民政府",
            "date": date(2022, 6, 14),
            "reference": "",
        },
        "title": {
            "zh_hant": "大灣區職場導師計劃",
            "zh_hans": "大湾区职场导师计划",
            "en": "GBA Workplace Mentor Programme",
        },
        "summary": {
            "zh_hant": "羅湖區招募有內地職場經驗的香港人士擔任職場導師，為在大灣區就業創業的香港青年提供一年的指導；導師可按服務申請補貼。",
            "zh_hans": "罗湖区招募有内地职场经验的香港人士担任职场导师，为在大湾区就业创业的香港青年提供一年的指导；导师可按服务申请补贴。",
            "en": "Luohu recruits Hong Kong people with mainland workplace experience as volunteer mentors who "
            "guide Hong Kong young people working or starting a business in the Greater Bay Area for a year; "
            "mentors can claim subsidies for their services.",
        },
        "body": {
            "zh_hant": "2022年6月14日，羅湖區在全省率先啟動支援香港青年在粵港澳大灣區就業創業的「大灣區職場導師計劃」，招募有內地職場經驗、社會責任感和奉獻精神的港籍人士擔任職場導師，幫助香港同胞「走得過來，住得下來，融得進來」。\n"
            "每名職場導師最多可同時與5名學員建立為期1年的師生關係。導師自願向人力資源部門申請補貼：\n"
            "為已就業學員提供職業指導，每次200元，每名學員累計不超過1,000元；\n"
            "為未就業學員提供實習指導，每天100元，每名學員累計不超過2,000元；\n"
            "為未就業學員提供求職推薦，學員就業參保1個月的每人補貼1,000元，在該單位參保6個月以上的每人追加4,000元；\n"
            "應人社部門邀請參加與港澳青年就業創業相關的公益活動，每次1,000元。",
            "zh_hans": "2022年6月14日，罗湖区在全省率先启动支持香港青年在粤港澳大湾区就业创业的“大湾区职场导师计划”，招募有内地职场经验、社会责任感和奉献精神的港籍人士担任职场导师，帮助香港同胞“走得过来，住得下来，融得进来”。\n"
            "每名职场导师最多可同时与5名学员建立为期1年的师生关系。导师自愿向人力资源部门申请补贴：\n"
            "为已就业学员提供职业指导，每次200元，每名学员累计不超过1,000元；\n"
            "为未就业学员提供实习指导，每天100元，每名学员累计不超过2,000元；\n"
            "为未就业学员提供求职推荐，学员就业参保1个月的每人补贴1,000元，在该单位参保6个月以上的每人追加4,000元；\n"
            "应人社部门邀请参加与港澳青年就业创业相关的公益活动，每次1,000元。",
            "en": "On 14 June 2022 Luohu became the first district in Guangdong to launch the GBA Workplace Mentor "
            "Programme for Hong Kong young people working or starting a business in the Greater Bay Area. It "
            "recruits Hong Kong people with mainland workplace experience, a sense of social responsibility and "
            "a wish to give back as mentors, so that young Hong Kong people can come, settle and fit in.\n"
            "Each mentor has at most 5 mentees at the same time, and each mentor-mentee relationship lasts one "
            "year. Mentors may claim subsidies from the human resources department:\n"
            "career guidance for an employed mentee: 200 RMB a session, at most 1,000 RMB per mentee;\n"
            "internship guidance for an unemployed mentee, who assists the mentor's work: 100 RMB a day, at "
            "most 2,000 RMB per mentee;\n"
            "job referral for an unemployed mentee: 1,000 RMB once the mentee has paid social insurance in a "
            "job for 1 month, and a further 4,000 RMB once the mentee has been insured with that same employer "
            "for 6 months or more;\n"
            "a public-welfare activity on Hong Kong and Macau youth employment, on the HR bureau's invitation: "
            "1,000 RMB per activity.",
        },
        "eligibility": {
            "zh_hant": "學員：有意在大灣區就業創業的香港青年。導師：有內地職場經驗的港籍人士，自願參加。",
            "zh_hans": "学员：有意在大湾区就业创业的香港青年。导师：有内地职场经验的港籍人士，自愿参加。",
            "en": "Mentees: Hong Kong young people who want to work or start a business in the Greater Bay "
            "Area. Mentors: Hong Kong people with mainland workplace experience, who volunteer.",
        },
        "benefits_text": {
            "zh_hant": "學員獲得為期一年的免費職場指導、實習機會和求職推薦。導師按服務獲得補貼（見下表）。",
            "zh_hans": "学员获得为期一年的免费职场指导、实习机会和求职推荐。导师按服务获得补贴（见下表）。",
            "en": "Mentees get a year of free workplace guidance, internships and job referrals. Mentors "
            "receive subsidies for their services (see the table).",
        },
        "how_to_apply": {
            "zh_hant": "學員在本網站的導師計劃頁面申請配對；導師登記後，按服務在本網站申請補貼，由羅湖區人力資源局審核。",
            "zh_hans": "学员在本门户的导师计划页面申请配对；导师登记后，按服务在本门户申请补贴，由罗湖区人力资源局审核。",
            "en": "Mentees ask for a mentor on this portal's mentor programme page; registered mentors claim "
            "their subsidies here, service by service, and the Luohu District Human Resources Bureau "
            "reviews the claims.",
        },
    },
]
