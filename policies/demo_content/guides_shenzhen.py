# ruff: noqa: E501 - long translated texts, one per line
"""The guides of Shenzhen's city-wide measures and of Luohu."""

from __future__ import annotations

from datetime import date

from .rows import PolicyRow

SHENZHEN_AND_LUOHU: list[PolicyRow] = [
    {
        "slug": "shenzhen-hkmo-youth-employment-entrepreneurship",
        "issuer": "shenzhen-hrss",
        "region": "shenzhen",
        "categories": ["employment", "entrepreneurship", "internship", "training", "mentorship"],
        "groups": ["hk-youth", "macau-youth", "graduates", "startup-teams"],
        "effective_from": None,
        "effective_to": None,
        "in_checker": True,
        "criteria": {"origins": ["hk", "macau"], "needs": ["job", "internship", "funding", "mentor"]},
        "source": {
            "title": "深圳市人社局全方位支持港澳青年在深就业创业",
            "issuer": "深圳市人力资源和社会保障局",
            "date": None,
            "reference": "2023年新闻报道",
        },
        "title": {
            "zh_hant": "深圳市進一步支持港澳青年就業創業實施細則",
            "zh_hans": "深圳市进一步支持港澳青年就业创业实施细则",
            "en": "Shenzhen implementation rules for further supporting Hong Kong and Macau youth employment and "
            "entrepreneurship",
        },
        "summary": {
            "zh_hant": "深圳市人社局為來深就業創業的港澳青年提供創業補貼、創業培訓、創業擔保貸款、實習資助、知識產權融資和創業導師輔導等一系列支援。",
            "zh_hans": "深圳市人社局为来深就业创业的港澳青年提供创业补贴、创业培训、创业担保贷款、实习资助、知识产权融资和创业导师辅导等一揽子支持。",
            "en": "Shenzhen's HR and social security bureau offers Hong Kong and Macau young people who work or "
            "start a business in Shenzhen a package of support: start-up subsidies, start-up training, "
            "guaranteed start-up loans, internship support, intellectual-property financing and start-up "
            "mentoring.",
        },
        "body": {
            "zh_hant": "《深圳市進一步支持港澳青年就業創業實施細則》是深圳市人力資源和社會保障局推動深圳成為香港青年在粵港澳大灣區就業創業「第一站」和「首選地」的綜合政策。\n"
            "細則把多項支援集中在一起：創業補貼、創業培訓、創業擔保貸款、實習資助、知識產權融資和創業導師輔導。獲得 HK Tech 300 天使投資的項目團隊來深落地轉化，也可以使用這些配套政策。\n"
            "深圳還在全國率先啟動深港跨境社保服務通，並以前海深港青年夢工場為龍頭，形成「1+10+N」港澳青年創新創業基地佈局。",
            "zh_hans": "《深圳市进一步支持港澳青年就业创业实施细则》是深圳市人力资源和社会保障局推动深圳成为香港青年在粤港澳大湾区就业创业“第一站”和“首选地”的综合政策。\n"
            "细则把多项支持集中在一起：创业补贴、创业培训、创业担保贷款、实习资助、知识产权融资和创业导师辅导。获得 HK Tech 300 天使投资的项目团队来深落地转化，也可以使用这些配套政策。\n"
            "深圳还在全国率先启动深港跨境社保服务通，并以前海深港青年梦工场为龙头，形成“1+10+N”港澳青年创新创业基地布局。",
            "en": "The Shenzhen implementation rules for further supporting Hong Kong and Macau youth employment and "
            "entrepreneurship are the Shenzhen HR and social security bureau's umbrella policy for making "
            "Shenzhen the first stop and first choice of Hong Kong young people who want to work or start a "
            "business in the Greater Bay Area.\n"
            "The rules bring several kinds of support together: start-up subsidies, start-up training, "
            "guaranteed start-up loans, internship support, intellectual-property financing and mentoring by "
            "start-up mentors. Teams backed by HK Tech 300 angel investment that move to Shenzhen can use the "
            "same support.\n"
            "Shenzhen was also the first city in China to launch a cross-border Shenzhen-Hong Kong social "
            'insurance service, and has built a "1+10+N" network of innovation bases for Hong Kong and Macau '
            "youth, led by the Qianhai Shenzhen-Hong Kong Youth Innovation and Entrepreneur Hub.",
        },
        "eligibility": {
            "zh_hant": "在深圳就業或創業的香港、澳門青年，包括應屆及往屆畢業生和創業團隊。各項支援另有具體條件，以深圳市人社局公佈的細則為準。",
            "zh_hans": "在深圳就业或创业的香港、澳门青年，包括应届及往届毕业生和创业团队。各项支持另有具体条件，以深圳市人社局公布的细则为准。",
            "en": "Young people from Hong Kong and Macau who work or start a business in Shenzhen, including "
            "recent and earlier graduates and start-up teams. Each kind of support has its own "
            "conditions, as published by the Shenzhen HR and social security bureau.",
        },
        "benefits_text": {
            "zh_hant": "創業補貼、創業培訓、創業擔保貸款、實習資助、知識產權融資、創業導師輔導。具體金額按細則各項規定計算。",
            "zh_hans": "创业补贴、创业培训、创业担保贷款、实习资助、知识产权融资、创业导师辅导。具体金额按细则各项规定计算。",
            "en": "Start-up subsidies, start-up training, guaranteed start-up loans, internship support, "
            "intellectual-property financing and start-up mentoring. Amounts follow the detailed "
            "provisions of each measure.",
        },
        "how_to_apply": {
            "zh_hant": "向深圳市或所在區的人力資源部門諮詢和申請；在香港可先到城大、中大或理大的「反向飛地」服務點當面諮詢。申請時一般需要港澳居民來往內地通行證（回鄉證）、學歷證明及就業或創業的證明材料。",
            "zh_hans": "向深圳市或所在区的人力资源部门咨询和申请；在香港可先到城大、中大或理大的“反向飞地”服务点当面咨询。申请时一般需要港澳居民来往内地通行证（回乡证）、学历证明及就业或创业的证明材料。",
            "en": "Ask and apply at the Shenzhen municipal or district human resources department; in Hong "
            'Kong you can first ask in person at the "reverse enclave" service points at CityU, CUHK or '
            "PolyU. You will usually need your Mainland Travel Permit (Home Return Permit), proof of "
            "your education and proof of your job or business.",
        },
    },
    {
        "slug": "reverse-enclaves-hong-kong",
        "issuer": "shenzhen-hrss",
        "region": "shenzhen",
        "categories": ["employment", "entrepreneurship", "internship"],
        "groups": ["hk-youth", "students", "graduates", "startup-teams"],
        "effective_from": date(2023, 3, 17),
        "effective_to": None,
        "in_checker": True,
        "criteria": {"origins": ["hk"], "needs": ["job", "internship", "funding"]},
        "source": {
            "title": "深圳市人社局全方位支持港澳青年在深就业创业",
            "issuer": "深圳市人力资源和社会保障局",
            "date": date(2023, 7, 17),
            "reference": "与香港城市大学、香港中文大学、香港理工大学签署的合作备忘录",
        },
        "title": {
            "zh_hant": "在港就業創業「反向飛地」",
            "zh_hans": "在港就业创业“反向飞地”",
            "en": "Reverse enclaves: Shenzhen employment and start-up service points in Hong Kong",
        },
        "summary": {
            "zh_hant": "深圳在香港城市大學、香港中文大學和香港理工大學設立就業創業服務點，把深圳的政策和服務送到香港青年家門口。",
            "zh_hans": "深圳在香港城市大学、香港中文大学和香港理工大学设立就业创业服务点，把深圳的政策和服务送到香港青年家门口。",
            "en": "Shenzhen has set up employment and start-up service points at City University of Hong Kong, the "
            "Chinese University of Hong Kong and the Hong Kong Polytechnic University, bringing Shenzhen's "
            "policies and services to Hong Kong young people's doorstep.",
        },
        "body": {
            "zh_hant": "很多香港青年並不了解深圳支援港澳青年就業創業的政策，想當面諮詢也只能專程來深圳。為此，深圳市人社局在香港年輕人多的地方設立站點，稱為「反向飛地」。\n"
            "2023年3月17日，深圳市人社局與香港城市大學簽署合作備忘錄，在創新創業、就業促進和人才交流等方面合作，為有意來深發展的香港青年提供場地保障、項目展示、資金支援、人才培養和成果轉化服務。這是深圳在港設立的首個就業創業「反向飛地」；短短數月，香港城市大學創新創業中心（深圳）新增入駐創業團隊近40家。\n"
            "2023年7月17日，深圳市人社局再與香港中文大學、香港理工大學簽署合作備忘錄：與中大重點在大學生實習、職業培養和就業促進方面合作，與理大探索校企跨境聯合培養博士後。",
            "zh_hans": "很多香港青年并不了解深圳支持港澳青年就业创业的政策，想当面咨询也只能专程来深圳。为此，深圳市人社局在香港年轻人多的地方设立站点，称为“反向飞地”。\n"
            "2023年3月17日，深圳市人社局与香港城市大学签署合作备忘录，在创新创业、就业促进和人才交流等方面合作，为有意来深发展的香港青年提供场地保障、项目展示、资金支持、人才培养和成果转化服务。这是深圳在港设立的首个就业创业“反向飞地”；短短数月，香港城市大学创新创业中心（深圳）新增入驻创业团队近40家。\n"
            "2023年7月17日，深圳市人社局再与香港中文大学、香港理工大学签署合作备忘录：与中大重点在大学生实习、职业培养和就业促进方面合作，与理大探索校企跨境联合培养博士后。",
            "en": "Many Hong Kong young people do not know Shenzhen's policies for Hong Kong and Macau youth, and "
            "until recently the only way to ask in person was to travel to Shenzhen. So the Shenzhen HR and "
            'social security bureau opened service points where young people are, in Hong Kong: the "reverse '
            'enclaves".\n'
            "On 17 March 2023 the bureau signed a memorandum of understanding with City University of Hong Kong "
            "covering innovation and entrepreneurship, employment and talent exchange. It offers Hong Kong "
            "young people who want to develop in Shenzhen space, project showcases, funding, training and help "
            "in turning research into products. It was Shenzhen's first reverse enclave in Hong Kong; within a "
            "few months the CityU Innovation and Entrepreneurship Centre (Shenzhen) took in nearly 40 new "
            "start-up teams.\n"
            "On 17 July 2023 the bureau signed memoranda with the Chinese University of Hong Kong, focusing on "
            "student internships, career development and employment, and with the Hong Kong Polytechnic "
            "University, exploring cross-border postdoctoral training with companies.",
        },
        "eligibility": {
            "zh_hant": "香港青年，尤其是城大、中大和理大的學生和畢業生，以及有意來深就業創業的創業團隊。",
            "zh_hans": "香港青年，尤其是城大、中大和理大的学生和毕业生，以及有意来深就业创业的创业团队。",
            "en": "Hong Kong young people, especially students and graduates of CityU, CUHK and PolyU, and "
            "start-up teams thinking of moving to Shenzhen.",
        },
        "benefits_text": {
            "zh_hant": "在香港當面了解深圳政策；場地保障、項目展示、資金支援、人才培養、成果轉化；中大的實習和就業服務；理大的跨境博士後聯合培養。",
            "zh_hans": "在香港当面了解深圳政策；场地保障、项目展示、资金支持、人才培养、成果转化；中大的实习和就业服务；理大的跨境博士后联合培养。",
            "en": "Advice on Shenzhen's policies in Hong Kong, in person; space, project showcases, funding, "
            "training and help with commercialisation; internships and employment services with CUHK; "
            "cross-border postdoctoral training with PolyU.",
        },
        "how_to_apply": {
            "zh_hant": "到所在大學的服務點諮詢，或聯絡香港城市大學創新創業中心（深圳）。具體資助按深圳的相關政策另行申請。",
            "zh_hans": "到所在大学的服务点咨询，或联系香港城市大学创新创业中心（深圳）。具体资助按深圳的相关政策另行申请。",
            "en": "Ask at the service point of your university, or contact the CityU Innovation and "
            "Entrepreneurship Centre (Shenzhen). Funding is applied for separately under the Shenzhen "
            "policy concerned.",
        },
    },
    {
        "slug": "hk-tech-300-zhumeng-cup",
        "issuer": "shenzhen-hrss",
        "region": "shenzhen",
        "categories": ["competitions", "entrepreneurship"],
        "groups": ["hk-youth", "students", "startup-teams"],
        "effective_from": date(2023, 7, 14),
        "effective_to": None,
        "in_checker": True,
        "criteria": {"origins": ["hk"], "situations": ["studying", "startup"], "needs": ["funding"]},
        "source": {
            "title": "深圳市人社局全方位支持港澳青年在深就业创业",
            "issuer": "深圳市人力资源和社会保障局",
            "date": date(2023, 7, 14),
            "reference": "第二届HK Tech 300创新创业千万大赛合作约定",
        },
        "title": {
            "zh_hant": "HK Tech 300 與「逐夢杯」大賽互認",
            "zh_hans": "HK Tech 300 与“逐梦杯”大赛互认",
            "en": "HK Tech 300 and the Zhumeng Cup: mutual recognition",
        },
        "summary": {
            "zh_hant": "深圳人社部門與香港城市大學合辦第二屆 HK Tech 300 創新創業千萬大賽，並與深圳2023年「逐夢杯」大賽實行賽事互認、獎項疊加。",
            "zh_hans": "深圳人社部门与香港城市大学合办第二届 HK Tech 300 创新创业千万大赛，并与深圳2023年“逐梦杯”大赛实行赛事互认、奖项叠加。",
            "en": "Shenzhen's HR authorities co-organise CityU's second HK Tech 300 start-up competition and "
            "recognise it in Shenzhen's 2023 Zhumeng Cup: results count in both competitions and prizes add "
            "up.",
        },
        "body": {
            "zh_hant": "2023年7月14日，深圳人社部門作為合作主辦單位，與香港城市大學共同啟動第二屆 HK Tech 300 "
            "創新創業千萬大賽。大賽聚焦起步階段的產學研科技創新項目，鼓勵創業者應用科技成果和知識產權；6家內地創投機構和基金參與聯投，其中3家來自深圳，投資資金池高達10億元。\n"
            "按照雙方約定，兩項賽事互認、獎項疊加：香港城市大學可推薦 HK Tech 300 獲獎項目或 HK Tech 300 "
            "天使投資項目，直接入圍「逐夢杯」大賽香港分賽區複賽；「逐夢杯」決賽企業組獲一、二、三等獎且願意使用香港城市大學專利的項目，可直接晉級 HK Tech 300 總決賽。",
            "zh_hans": "2023年7月14日，深圳人社部门作为合作主办单位，与香港城市大学共同启动第二届 HK Tech 300 "
            "创新创业千万大赛。大赛聚焦起步阶段的产学研科技创新项目，鼓励创业者应用科技成果和知识产权；6家内地创投机构和基金参与联投，其中3家来自深圳，投资资金池高达10亿元。\n"
            "按照双方约定，两项赛事互认、奖项叠加：香港城市大学可推荐 HK Tech 300 获奖项目或 HK Tech 300 "
            "天使投资项目，直接入围“逐梦杯”大赛香港分赛区复赛；“逐梦杯”决赛企业组获一、二、三等奖且愿意使用香港城市大学专利的项目，可直接晋级 HK Tech 300 总决赛。",
            "en": "On 14 July 2023 Shenzhen's HR authorities, as co-organiser, launched the second HK Tech 300 "
            "start-up competition with City University of Hong Kong. It is for early-stage technology projects "
            "from universities and research, and encourages founders to use research results and intellectual "
            "property. Six mainland venture investors and funds, three of them from Shenzhen, invest alongside, "
            "with a pool of up to 1 billion RMB.\n"
            "Under the agreement the two competitions recognise each other and prizes add up: CityU can send HK "
            "Tech 300 winners or projects with HK Tech 300 angel investment straight to the semi-final of the "
            "Zhumeng Cup's Hong Kong division, and first, second or third prize winners of the Zhumeng Cup "
            "final (company group) who are willing to use a CityU patent go straight to the HK Tech 300 final.",
        },
        "eligibility": {
            "zh_hant": "參加 HK Tech 300 或「逐夢杯」大賽的香港青年創業者和學生團隊。",
            "zh_hans": "参加 HK Tech 300 或“逐梦杯”大赛的香港青年创业者和学生团队。",
            "en": "Hong Kong young founders and student teams taking part in HK Tech 300 or the Zhumeng Cup.",
        },
        "benefits_text": {
            "zh_hant": "直接入圍「逐夢杯」香港分賽區複賽，或直接晉級 HK Tech 300 總決賽；獎項疊加。來深落地的團隊還可申請創業補貼、創業培訓和創業擔保貸款等配套政策。",
            "zh_hans": "直接入围“逐梦杯”香港分赛区复赛，或直接晋级 HK Tech 300 总决赛；奖项叠加。来深落地的团队还可申请创业补贴、创业培训和创业担保贷款等配套政策。",
            "en": "A direct place in the Zhumeng Cup Hong Kong semi-final, or in the HK Tech 300 final; "
            "prizes add up. Teams that move to Shenzhen can also apply for start-up subsidies, "
            "training and guaranteed start-up loans.",
        },
        "how_to_apply": {
            "zh_hant": "報名參加 HK Tech 300（香港城市大學）或「逐夢杯」大賽，由主辦方推薦晉級。",
            "zh_hans": "报名参加 HK Tech 300（香港城市大学）或“逐梦杯”大赛，由主办方推荐晋级。",
            "en": "Enter HK Tech 300 (City University of Hong Kong) or the Zhumeng Cup; the organisers "
            "nominate teams for the next round.",
        },
    },
    {
        "slug": "luohu-guide-for-hong-kong-people",
        "issuer": "luohu-district",
        "region": "luohu",
        "categories": ["community", "employment", "entrepreneurship", "housing"],
        "groups": ["hk-youth", "professionals"],
        "effective_from": date(2022, 6, 14),
        "effective_to": None,
        "in_checker": True,
        "criteria": {"origins": ["hk"], "needs": ["job", "housing"]},
        "source": {
            "title": "《罗湖港人一本通——便利香港居民在罗湖发展指南》",
            "issuer": "深圳市罗湖区人民政府",
            "date": date(2022, 6, 14),
            "reference": "香港工商专业和青年团体服务中心成立仪式发布",
        },
        "title": {"zh_hant": "羅湖港人一本通", "zh_hans": "罗湖港人一本通", "en": "Luohu guide for Hong Kong people"},
        "summary": {
            "zh_hant": "羅湖區為在羅湖發展的香港居民編寫的辦事指南，覆蓋就業創業、投資經營、居住生活三大方面。",
            "zh_hans": "罗湖区为在罗湖发展的香港居民编写的办事指南，覆盖就业创业、投资经营、居住生活三大方面。",
            "en": "Luohu District's practical guide for Hong Kong residents who live or work in Luohu, covering "
            "employment and entrepreneurship, investment and business, and housing and daily life.",
        },
        "body": {
            "zh_hant": "羅湖區居住著約4萬名香港居民，有港資企業約6,400家。2022年6月14日，羅湖區在全國首家香港工商專業和青年團體服務中心成立儀式上發佈《羅湖港人一本通——便利香港居民在羅湖發展指南》。\n"
            "指南聚焦就業創業、投資經營、居住生活三大方面，為在羅湖的香港居民提供有針對性的辦事指引。香港團體服務中心設於羅湖商務中心，提供共享辦公空間、一站式政策諮詢、創業就業、法律服務和投資推介，經網上預約可免費使用場地。",
            "zh_hans": "罗湖区居住着约4万名香港居民，有港资企业约6,400家。2022年6月14日，罗湖区在全国首家香港工商专业和青年团体服务中心成立仪式上发布《罗湖港人一本通——便利香港居民在罗湖发展指南》。\n"
            "指南聚焦就业创业、投资经营、居住生活三大方面，为在罗湖的香港居民提供有针对性的办事指引。香港团体服务中心设于罗湖商务中心，提供共享办公空间、一站式政策咨询、创业就业、法律服务和投资推介，经线上预约可免费使用场地。",
            "en": "About 40,000 Hong Kong residents live in Luohu, and about 6,400 Hong Kong-funded companies are "
            "registered there. On 14 June 2022, at the opening of China's first service centre for Hong Kong "
            "business, professional and youth organisations, Luohu published its guide for Hong Kong residents "
            "developing in Luohu.\n"
            "The guide covers three areas, employment and entrepreneurship, investment and business, and "
            "housing and daily life, with step-by-step instructions for the formalities Hong Kong residents "
            "need. The service centre in the Luohu Business Centre offers shared offices, one-stop policy "
            "advice, help with jobs and start-ups, legal services and investment promotion; its rooms are free "
            "to use after booking online.",
        },
        "eligibility": {
            "zh_hant": "在羅湖生活、工作、創業或投資的香港居民。",
            "zh_hans": "在罗湖生活、工作、创业或投资的香港居民。",
            "en": "Hong Kong residents who live, work, start a business or invest in Luohu.",
        },
        "benefits_text": {
            "zh_hant": "辦事指引；香港團體服務中心的共享辦公空間和一站式政策諮詢。",
            "zh_hans": "办事指引；香港团体服务中心的共享办公空间和一站式政策咨询。",
            "en": "Step-by-step guidance; shared offices and one-stop policy advice at the service centre "
            "for Hong Kong organisations.",
        },
        "how_to_apply": {
            "zh_hant": "向羅湖區索取指南，或到羅湖商務中心的香港團體服務中心諮詢；使用場地請先網上預約。",
            "zh_hans": "向罗湖区索取指南，或到罗湖商务中心的香港团体服务中心咨询；使用场地请先在线预约。",
            "en": "Ask Luohu District for the guide, or visit the service centre for Hong Kong organisations "
            "in the Luohu Business Centre; book rooms online first.",
        },
    },
    {
        "slug": "luohu-hkmo-professionals-living-subsidy",
        "issuer": "luohu-hr",
        "region": "luohu",
        "categories": ["living-support", "employment"],
        "groups": ["hk-youth", "macau-youth", "professionals"],
        "effective_from": None,
        "effective_to": None,
        "in_checker": True,
        "criteria": {"origins": ["hk", "macau"], "situations": ["employed", "startup"], "needs": ["funding", "job"]},
        "source": {
            "title": "罗湖率先出台政策支持港澳专业人才就业创业（香港团体服务中心成立报道）",
            "issuer": "深圳市罗湖区人民政府",
            "date": date(2022, 6, 14),
            "reference": "",
        },
        "title": {
            "zh_hant": "羅湖區港澳專業人才生活補貼",
            "zh_hans": "罗湖区港澳专业人才生活补贴",
            "en": "Luohu living subsidy for Hong Kong and Macau professionals",
        },
        "summary": {
            "zh_hant": "在羅湖就業創業的港澳專業人才可獲6萬元一次性生活補貼，並在子女教育、醫療服務和住房配套等方面獲得支援。",
            "zh_hans": "在罗湖就业创业的港澳专业人才可获6万元一次性生活补贴，并在子女教育、医疗服务和住房配套等方面获得支持。",
            "en": "Hong Kong and Macau professionals who work or start a business in Luohu can receive a one-time "
            "living subsidy of 60,000 RMB, with support for their children's schooling, health care and "
            "housing.",
        },
        "body": {
            "zh_hant": "羅湖區率先出台政策支援港澳專業人才就業創業。2021年，羅湖為320名港澳創業就業人員發放補貼202.9萬元。\n"
            "除6萬元一次性生活補貼外，羅湖還在子女教育、醫療服務和住房配套等方面給予支援；經認定為羅湖「精英人才」的，可享受安家補貼等20餘項專享服務。",
            "zh_hans": "罗湖区率先出台政策支持港澳专业人才就业创业。2021年，罗湖为320名港澳创业就业人员发放补贴202.9万元。\n"
            "除6万元一次性生活补贴外，罗湖还在子女教育、医疗服务和住房配套等方面给予支持；经认定为罗湖“精英人才”的，可享受安家补贴等20余项专享服务。",
            "en": "Luohu was the first district to adopt a policy for Hong Kong and Macau professionals who work or "
            "start a business there. In 2021 Luohu paid 2,029,000 RMB in subsidies to 320 Hong Kong and Macau "
            "people.\n"
            "Besides the one-time living subsidy of 60,000 RMB, Luohu supports children's schooling, health "
            'care and housing; people recognised as Luohu "elite talents" get more than 20 further services, '
            "including a settling-in allowance.",
        },
        "eligibility": {
            "zh_hant": "在羅湖區就業或創業的香港、澳門專業人才。具體認定條件以羅湖區人力資源部門公佈為準。",
            "zh_hans": "在罗湖区就业或创业的香港、澳门专业人才。具体认定条件以罗湖区人力资源部门公布为准。",
            "en": "Hong Kong and Macau professionals employed or running a business in Luohu District. The "
            "exact conditions are those published by the Luohu human resources department.",
        },
        "benefits_text": {
            "zh_hant": "一次性生活補貼6萬元；子女教育、醫療服務、住房配套支援；「精英人才」另享安家補貼等20餘項服務。",
            "zh_hans": "一次性生活补贴6万元；子女教育、医疗服务、住房配套支持；“精英人才”另享安家补贴等20余项服务。",
            "en": "A one-time living subsidy of 60,000 RMB; support with schooling, health care and housing; "
            "more than 20 further services, including a settling-in allowance, for recognised elite "
            "talents.",
        },
        "how_to_apply": {
            "zh_hant": "在本網站網上申請，上傳回鄉證、學歷或專業資格證明、勞動合同或營業執照，以及社保繳納記錄，由羅湖區人力資源局審核。",
            "zh_hans": "在本门户在线申请，上传回乡证、学历或专业资格证明、劳动合同或营业执照，以及社保缴纳记录，由罗湖区人力资源局审核。",
            "en": "Apply online on this portal, uploading your Home Return Permit, proof of your degree or "
            "professional qualification, your employment contract or business licence, and your social "
            "insurance record. The Luohu District Human Resources Bureau reviews the claim.",
        },
    },
]
