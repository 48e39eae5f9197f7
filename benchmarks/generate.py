"""Write a large, valid dataset in the bijie-tui/1 format, for measuring the explorer at scale.

Run: python benchmarks/generate.py N OUT.json

The dataset holds exactly N figures spread over about N/5 indicators (one to eight periods
each, every period of an indicator distinct), the five sectors of the bundled dataset, a few
hundred regions (provinces, cities, Guangzhou districts, the counties of Bijie, Anshun and
Qiannan, their towns and townships, and combined regions with their members), about N/20
sources, and entities, events and pairings in proportion. Names are in English and Chinese.
Figures carry qualifiers, numbers written the way sources write them (``1234.5万元``,
``43,139``, ``1.13 million yuan``, ``5.45%``) and a quoted passage that contains them; some
figures are derived (a series' total) and say how. The same N and seed give the same file.

Also importable: ``make(n, seed)`` returns the dataset as a dict.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

FORMAT = "bijie-tui/1"
FIRST_YEAR = 2013
LAST_YEAR = 2025

Json = dict[str, Any]

# -- fixed vocabulary --------------------------------------------------------------------------

SECTORS: list[tuple[str, str, str, str, str]] = [
    (
        "employment",
        "Employment",
        "劳务协作",
        "Labour cooperation: jobs in Guangdong and near home, training, public-welfare jobs.",
        "劳务协作:到广东就业、就近就业、技能培训、公益性岗位。",
    ),
    (
        "education",
        "Education",
        "教育协作",
        "Vocational classes, school pairs, teacher teams and new schools.",
        "职业教育订单班、学校结对、教师组团帮扶与新建学校。",
    ),
    (
        "industry",
        "Industry",
        "产业协作",
        "Fiscal aid, investment by Guangdong firms, industrial parks, projects and "
        "consumption aid.",
        "财政帮扶资金、粤企投资、产业园区、帮扶项目与消费帮扶。",
    ),
    (
        "healthcare",
        "Healthcare",
        "医疗协作",
        "Hospital pairs, medical teams and online services.",
        "医院结对、医疗队与线上服务。",
    ),
    (
        "context",
        "Context",
        "背景",
        "Pairings, milestones, poverty, income and the economy of Bijie.",
        "结对关系、大事记、毕节的贫困、收入与经济。",
    ),
]
SECTOR_WEIGHTS = [22, 20, 30, 10, 18]

# id, English, Chinese, scalable
UNITS: list[tuple[str, str, str, bool]] = [
    ("yuan", "yuan", "元", True),
    ("people", "people", "人", True),
    ("person-times", "person-times", "人次", True),
    ("companies", "companies", "家", True),
    ("projects", "projects", "个项目", True),
    ("schools", "schools", "所学校", True),
    ("pairs", "pairs", "对", True),
    ("institutions", "institutions", "个机构", True),
    ("students", "students", "名学生", True),
    ("classes", "classes", "个班", True),
    ("villages", "villages", "个村", True),
    ("percent", "%", "%", False),
    ("t", "t", "吨", True),
    ("mu", "mu", "亩", True),
    ("cadres", "cadres", "名干部", True),
    ("doctors", "doctors", "名医生", True),
    ("households", "households", "户", True),
    ("tourists", "tourist visits", "人次", True),
    ("times", "times", "次", True),
    ("jobs", "jobs", "个岗位", True),
    ("workstations", "workstations", "个工作站", True),
    ("classrooms", "classrooms", "间教室", True),
    ("specialties", "specialties", "个专科", True),
]
UNIT_EN = {u[0]: u[1] for u in UNITS}
UNIT_ZH = {u[0]: u[2] for u in UNITS}


@dataclass(frozen=True)
class Topic:
    """What an indicator measures: a slug, its names, its unit and the size of its values."""

    slug: str
    en: str
    zh: str
    unit: str
    low: float
    high: float


def _topics(table: str) -> list[Topic]:
    """Topics from lines of ``slug|unit|low|high|English|Chinese``."""
    out = []
    for line in table.strip().splitlines():
        slug, unit, low, high, en, zh = (cell.strip() for cell in line.split("|"))
        out.append(Topic(slug, en, zh, unit, float(low), float(high)))
    return out


TOPICS: dict[str, list[Topic]] = {
    "employment": _topics(
        """
    jobs-gd|people|200|60000|rural workers helped into jobs in Guangdong|农村劳动力到广东就业
    jobs-near|people|100|80000|rural workers placed in jobs near home|农村劳动力就近就业
    poor-jobs|people|50|30000|registered-poor workers helped into jobs|建档立卡贫困劳动力就业
    training|person-times|100|90000|vocational skills training|职业技能培训
    welfare-jobs|jobs|20|12000|public-welfare jobs created|开发公益性岗位
    job-fairs|times|1|300|job fairs held|举办专场招聘会
    labour-stations|workstations|1|120|labour service workstations set up|设立劳务协作工作站
    jobs-funds|yuan|2e5|2e8|employment assistance funds|就业帮扶资金
        """
    ),
    "education": _topics(
        """
    voc-students|students|30|8000|students in Guangzhou vocational classes|广州职业院校订单班学生
    school-pairs|pairs|2|600|school pairs formed|学校结对
    teachers-sent|people|5|1500|teachers sent to teach|选派支教教师
    teachers-trained|person-times|50|40000|local teachers trained|培训本地教师
    edu-funds|yuan|1e5|5e8|education assistance funds|教育帮扶资金
    classrooms|classrooms|2|900|classrooms built or refurbished|新建改建教室
    bursaries|students|20|30000|students given bursaries|获资助学生
    voc-classes|classes|1|200|vocational classes opened|开办订单班
        """
    ),
    "industry": _topics(
        """
    fiscal-aid|yuan|1e6|3e9|fiscal assistance funds|财政帮扶资金
    firms|companies|1|600|Guangdong firms investing|引导粤企投资
    investment|yuan|5e6|2e10|actual investment by Guangdong firms|粤企实际投资额
    projects|projects|1|900|assistance projects carried out|实施帮扶项目
    consumption|yuan|1e6|5e9|farm produce sold through consumption aid|消费帮扶农产品销售额
    mushrooms|t|50|90000|fresh mushroom output|鲜食用菌产量
    tea|mu|100|2e5|tea gardens planted|茶园种植面积
    kiwi|mu|100|80000|kiwi orchards planted|猕猴桃种植面积
    households|households|20|90000|poor households benefiting|带动贫困户
    tourists|tourists|1000|9e6|tourist visits received|接待游客
    villages|villages|1|900|villages with collective industries|发展村集体经济的村
        """
    ),
    "healthcare": _topics(
        """
    hospital-pairs|pairs|1|300|hospital pairs formed|医院结对
    doctors-sent|doctors|2|2000|medical staff sent|选派医务人员
    patients|person-times|100|5e5|patients seen by the medical teams|医疗队诊治患者
    specialties|specialties|1|120|specialist departments set up|帮助新建专科
    tele|times|10|50000|remote consultations|远程会诊
    health-funds|yuan|1e5|3e8|healthcare assistance funds|医疗帮扶资金
    institutions|institutions|1|400|medical institutions paired|结对医疗机构
        """
    ),
    "context": _topics(
        """
    poverty-rate|percent|0.5|30|poverty rate|贫困发生率
    poor-population|people|1000|1500000|poor population|贫困人口
    out-of-poverty|people|500|9e5|people lifted out of poverty|减贫人数
    income-rural|yuan|6000|20000|rural per-capita disposable income|农村居民人均可支配收入
    income-urban|yuan|20000|45000|urban per-capita disposable income|城镇居民人均可支配收入
    gdp|yuan|1e9|3e11|GDP|地区生产总值
    urbanisation|percent|20|60|urbanisation rate|城镇化率
    visits|times|1|40|leader exchange visits|党政领导互访调研
    cadres|cadres|1|300|cadres sent on assignment|选派挂职干部
        """
    ),
}

# Guangzhou districts: id, English, Chinese
DISTRICTS: list[tuple[str, str, str]] = [
    ("tianhe", "Tianhe", "天河"),
    ("huadu", "Huadu", "花都"),
    ("panyu", "Panyu", "番禺"),
    ("yuexiu", "Yuexiu", "越秀"),
    ("haizhu", "Haizhu", "海珠"),
    ("liwan", "Liwan", "荔湾"),
    ("baiyun", "Baiyun", "白云"),
    ("huangpu", "Huangpu", "黄埔"),
    ("nansha", "Nansha", "南沙"),
    ("zengcheng", "Zengcheng", "增城"),
    ("conghua", "Conghua", "从化"),
]

# Counties by prefecture: id, English, Chinese, kind
COUNTIES: dict[str, list[tuple[str, str, str, str]]] = {
    "bijie": [
        ("qixingguan", "Qixingguan District", "七星关区", "district"),
        ("dafang", "Dafang County", "大方县", "county"),
        ("qianxi", "Qianxi", "黔西市", "county"),
        ("jinsha", "Jinsha County", "金沙县", "county"),
        ("zhijin", "Zhijin County", "织金县", "county"),
        ("nayong", "Nayong County", "纳雍县", "county"),
        ("weining", "Weining County", "威宁县", "county"),
        ("hezhang", "Hezhang County", "赫章县", "county"),
        ("baili-dujuan", "Baili Dujuan Management Area", "百里杜鹃管理区", "management_area"),
        ("jinhaihu", "Jinhaihu New Area", "金海湖新区", "new_area"),
    ],
    "anshun": [
        ("xixiu", "Xixiu District", "西秀区", "district"),
        ("pingba", "Pingba District", "平坝区", "district"),
        ("puding", "Puding County", "普定县", "county"),
        ("zhenning", "Zhenning County", "镇宁县", "county"),
        ("guanling", "Guanling County", "关岭县", "county"),
        ("ziyun", "Ziyun County", "紫云县", "county"),
    ],
    "qiannan": [
        ("duyun", "Duyun", "都匀市", "county"),
        ("fuquan", "Fuquan", "福泉市", "county"),
        ("libo", "Libo County", "荔波县", "county"),
        ("guiding", "Guiding County", "贵定县", "county"),
        ("wengan", "Weng'an County", "瓮安县", "county"),
        ("dushan", "Dushan County", "独山县", "county"),
        ("pingtang", "Pingtang County", "平塘县", "county"),
        ("luodian", "Luodian County", "罗甸县", "county"),
        ("changshun", "Changshun County", "长顺县", "county"),
        ("longli", "Longli County", "龙里县", "county"),
        ("huishui", "Huishui County", "惠水县", "county"),
        ("sandu", "Sandu Shui County", "三都县", "county"),
    ],
}

# Syllables of town and township names: pinyin and Chinese
SYLLABLES: list[tuple[str, str]] = [
    (pair[:-1], pair[-1])
    for pair in (
        "yang羊 chang场 long龙 shui水 he河 ba坝 jing箐 xin新 ping坪 shan山 guan关 bai白 hua花 "
        "tian田 tang塘 kou口 jie街 shi石 niu牛 ma马 zhu竹 yun云 feng凤 qing青 dong东 xi西 nan南 "
        "bei北 gao高 da大 xiao小 hong红 lin林 pu铺 wan湾 zhai寨 gou沟 yan岩 po坡 an安 le乐 ning宁"
    ).split()
]
TOWN_KINDS: list[tuple[str, str]] = [
    ("Town", "镇"),
    ("Town", "镇"),
    ("Township", "乡"),
    ("Subdistrict", "街道"),
    ("Yi Township", "彝族乡"),
    ("Miao Township", "苗族乡"),
]

PRODUCTS: list[tuple[str, str]] = [
    ("mushroom", "食用菌"),
    ("tea", "茶叶"),
    ("kiwi", "猕猴桃"),
    ("chilli", "辣椒"),
    ("potato", "马铃薯"),
    ("cherry", "樱桃"),
    ("beef cattle", "肉牛"),
    ("konjac", "魔芋"),
    ("herbal medicine", "中药材"),
    ("walnut", "核桃"),
]

# Publisher, kind, site, id prefix
PUBLISHERS: list[tuple[str, str, str, str]] = [
    ("Guangzhou Municipal People's Government", "official", "gz.gov.cn", "GZGOV"),
    ("毕节市人民政府", "official", "bijie.gov.cn", "BJGOV"),
    ("广州市协作办", "official", "xzb.gz.gov.cn", "GZXZ"),
    ("Xinhua 新华网", "state_media", "xinhuanet.com", "XH"),
    ("People's Daily 人民日报", "state_media", "people.com.cn", "PD"),
    ("China Daily", "state_media", "chinadaily.com.cn", "CD"),
    ("南方日报", "state_media", "southcn.com", "NFRB"),
    ("贵州日报", "state_media", "gzrbs.com.cn", "GZRB"),
    ("广州日报", "state_media", "gzdaily.cn", "GZD"),
    ("毕节日报", "media", "bjrb.cn", "BJRB"),
    ("羊城晚报", "media", "ycwb.com", "YCWB"),
    ("澎湃新闻 The Paper", "media", "thepaper.cn", "TP"),
    ("PRNewswire (China Daily)", "press_release", "prnewswire.com", "PRN"),
    ("sohu.com mirror of 南方日报", "state_media_mirror", "sohu.com", "SOHU"),
    ("163.com mirror of 贵州日报", "state_media_mirror", "163.com", "NE"),
    ("jsfpzx.org.cn mirror of 贵州日报", "mirror", "jsfpzx.org.cn", "JSFP"),
    ("gov.cn copy of 广州市人民政府", "official_mirror", "gov.cn", "GOVCN"),
    ("exam-question bank", "secondary", "zujuan.com", "ZJ"),
]
PUBLISHER_WEIGHTS = [6, 6, 4, 8, 6, 5, 8, 8, 5, 6, 4, 3, 1, 5, 4, 4, 3, 2]

PHASES: dict[str, tuple[str, str]] = {
    "2016-2020": ("in the 2016–2020 poverty-alleviation phase", "在2016—2020年脱贫攻坚阶段"),
    "2021-": ("in the east–west collaboration from 2021", "自2021年起在东西部协作中"),
}

NOTES: list[tuple[str, str]] = [
    ("Covers Bijie and Qiannan together.", "毕节与黔南合计。"),
    ("Mirror copy; the original article could not be reached.", "转载,原文无法访问。"),
    ("The year runs to November.", "统计截至当年11月。"),
    ("Another source gives a different figure; both are kept.", "另有来源数字不同,两者并存。"),
    ("Registered-poor workers only.", "仅含建档立卡贫困劳动力。"),
    ("The date of the figure is inferred from the article.", "数据时间据文章推定。"),
]

QUALIFIERS: list[tuple[str, int]] = [
    ("exact", 70),
    ("more_than", 14),
    ("about", 5),
    ("nearly", 3),
    ("at_least", 3),
    ("less_than", 1),
    ("up_to", 1),
    ("range", 3),
]
QUALIFIER_ZH = {
    "more_than": "超过",
    "about": "约",
    "nearly": "近",
    "at_least": "至少",
    "less_than": "不足",
    "up_to": "最多",
}
QUALIFIER_EN = {
    "more_than": "more than ",
    "about": "about ",
    "nearly": "nearly ",
    "at_least": "at least ",
    "less_than": "less than ",
    "up_to": "up to ",
}

ENTITY_TEMPLATES: list[tuple[str, str, str, str]] = [
    # kind, sector, English ({place}, {actor}, {product}), Chinese
    ("school", "education", "{place} {actor} Experimental School", "{place_zh}{actor_zh}实验学校"),
    ("school", "education", "{place} Vocational School", "{place_zh}中等职业学校"),
    ("course", "education", "{actor} {product} growing course", "{actor_zh}{product_zh}种植课程"),
    ("hospital", "healthcare", "{place} People's Hospital", "{place_zh}人民医院"),
    (
        "hospital",
        "healthcare",
        "{place} Maternal and Child Health Hospital",
        "{place_zh}妇幼保健院",
    ),
    (
        "service",
        "healthcare",
        "{actor}–{place} remote consultation service",
        "{actor_zh}—{place_zh}远程会诊服务",
    ),
    ("park", "industry", "{place} {product} industrial park", "{place_zh}{product_zh}产业园"),
    ("base", "industry", "{place} {product} growing base", "{place_zh}{product_zh}种植基地"),
    (
        "company",
        "industry",
        "{actor} {product} Co., Ltd. ({place})",
        "{actor_zh}{product_zh}有限公司({place_zh})",
    ),
    ("brand", "industry", "{place} {product} brand", "{place_zh}{product_zh}品牌"),
    ("village", "industry", "{place} model village", "{place_zh}示范村"),
    (
        "workstation",
        "employment",
        "{place} labour workstation in {actor}",
        "{place_zh}驻{actor_zh}劳务工作站",
    ),
    (
        "programme",
        "employment",
        "{actor}–{place} job-matching programme",
        "{actor_zh}—{place_zh}就业对接计划",
    ),
    (
        "organisation",
        "context",
        "{actor} assistance team in {place}",
        "{actor_zh}驻{place_zh}帮扶工作队",
    ),
    (
        "agreement",
        "context",
        "{actor}–{place} cooperation agreement",
        "{actor_zh}—{place_zh}协作协议",
    ),
    (
        "project",
        "industry",
        "{place} {product} processing project",
        "{place_zh}{product_zh}加工项目",
    ),
]

EVENT_TEMPLATES: list[tuple[str, str, str]] = [
    ("context", "{actor} delegation visits {place}", "{actor_zh}党政代表团赴{place_zh}考察"),
    (
        "context",
        "{actor} and {place} sign a cooperation agreement",
        "{actor_zh}与{place_zh}签订协作协议",
    ),
    (
        "employment",
        "{place} holds a job fair for work in {actor}",
        "{place_zh}举办{actor_zh}专场招聘会",
    ),
    ("education", "{actor} teachers arrive in {place}", "{actor_zh}支教教师抵达{place_zh}"),
    (
        "healthcare",
        "{actor} medical team starts work in {place}",
        "{actor_zh}医疗队到{place_zh}开展帮扶",
    ),
    (
        "industry",
        "{place} {product} park opens with {actor} funds",
        "{actor_zh}援建的{place_zh}{product_zh}产业园投产",
    ),
    (
        "industry",
        "First {product} shipment from {place} to Guangzhou",
        "{place_zh}{product_zh}首批直供广州",
    ),
]


# -- helpers -----------------------------------------------------------------------------------


def _names(en: str, zh: str) -> Json:
    return {"en": en, "zh": zh}


def _short(name: str) -> str:
    """``Nayong County`` -> ``Nayong``: the place name without its kind, for titles."""
    for suffix in (
        " Management Area",
        " New Area",
        " Subdistrict",
        " Yi Township",
        " Miao Township",
        " Township",
        " District",
        " County",
        " Town",
    ):
        if name.endswith(suffix):
            return name[: -len(suffix)]
    return name


def _short_zh(name: str) -> str:
    for suffix in (
        "管理区",
        "新区",
        "街道",
        "彝族乡",
        "苗族乡",
        "乡",
        "镇",
        "区",
        "县",
        "市",
        "州",
    ):
        if name.endswith(suffix) and len(name) > len(suffix) + 1:
            return name[: -len(suffix)]
    return name


def _trim(text: str) -> str:
    """A decimal without trailing zeros: ``12.50`` -> ``12.5``, ``3.00`` -> ``3``."""
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def _number(value: Decimal) -> int | float:
    """A value for JSON: an integer when it is whole (as sources mostly are)."""
    if value == value.to_integral_value():
        return int(value)
    return float(value)


@dataclass(frozen=True)
class Stated:
    """A number as a source writes it, and its value in base units."""

    text: str
    value: Decimal
    english: bool


def _state(rng: random.Random, raw: float, unit: str, qualifier: str) -> Stated:
    """Write ``raw`` the way a source would, in Chinese or English, and read its exact value."""
    english = rng.random() < 0.3
    if unit == "percent":
        text = _trim(f"{raw:.2f}")
        return Stated(f"{text}%", Decimal(text), english)
    if unit == "yuan" and raw >= 1e5:
        if english:
            if raw >= 1e9:
                num = _trim(f"{raw / 1e9:.{rng.choice([2, 3])}f}")
                return Stated(f"{num} billion yuan", Decimal(num) * 10**9, True)
            if raw >= 1e6:
                num = _trim(f"{raw / 1e6:.{rng.choice([1, 2, 3])}f}")
                return Stated(f"{num} million yuan", Decimal(num) * 10**6, True)
            whole = round(raw)
            return Stated(f"{whole:,} yuan", Decimal(whole), True)
        if raw >= 1e8 and rng.random() < 0.6:
            num = _trim(f"{raw / 1e8:.{rng.choice([2, 3, 4])}f}")
            return Stated(f"{num}亿元", Decimal(num) * 10**8, False)
        num = _trim(f"{raw / 1e4:.{rng.choice([0, 1, 2, 3])}f}")
        more = "多" if qualifier == "more_than" and "." not in num and rng.random() < 0.5 else ""
        return Stated(f"{num}{more}万元", Decimal(num) * 10**4, False)
    whole = max(1, round(raw))
    if qualifier in ("more_than", "about", "nearly") and whole >= 100:
        # Round numbers go with approximate qualifiers.
        step = 10 ** (len(str(whole)) - 2)
        whole = max(step, whole // step * step)
    unit_zh = UNIT_ZH[unit]
    if english:
        if whole >= 10**6 and rng.random() < 0.6:
            num = _trim(f"{whole / 1e6:.2f}")
            return Stated(f"{num} million", Decimal(num) * 10**6, True)
        return Stated(f"{whole:,}", Decimal(whole), True)
    if whole >= 10**5 and rng.random() < 0.5:
        num = _trim(f"{whole / 1e4:.2f}")
        return Stated(f"{num}万{unit_zh}", Decimal(num) * 10**4, False)
    more = rng.choice(["多", "余"]) if qualifier == "more_than" and rng.random() < 0.5 else ""
    return Stated(f"{whole}{more}{unit_zh}", Decimal(whole), False)


def _when_zh(period: Json) -> str:
    start, end = period.get("start"), period.get("end")
    if period["kind"] == "annual":
        return f"{start}年"
    if period["kind"] == "as_of":
        return f"截至{_zh_date(end)}"
    return f"{_zh_date(start)}以来" if start else f"截至{_zh_date(end)}"


def _zh_date(date: str | None) -> str:
    if not date:
        return ""
    parts = date.split("-")
    out = f"{parts[0]}年"
    if len(parts) > 1:
        out += f"{int(parts[1])}月"
    if len(parts) > 2:
        out += f"{int(parts[2])}日"
    return out


def _when_en(period: Json) -> str:
    start, end = period.get("start"), period.get("end")
    if period["kind"] == "annual":
        return f"in {start}"
    if period["kind"] == "as_of":
        return f"by {end}"
    return f"from {start} to {end}" if start else f"by {end}"


# -- the generator -----------------------------------------------------------------------------


class _Builder:
    def __init__(self, n: int, seed: int) -> None:
        self.n = n
        self.rng = random.Random(seed)
        self.regions: list[Json] = []
        self.region_by_id: dict[str, Json] = {}
        self.places: list[str] = []  # regions an indicator may cover
        self.counties: list[str] = []
        self.sources: list[Json] = []
        self.sources_by_year: dict[int, list[str]] = {}
        self.indicators: list[Json] = []
        self.indicator_ids: set[str] = set()
        self.figures: list[Json] = []
        self.entities: list[Json] = []
        self.entities_by_sector: dict[str, list[str]] = {s[0]: [] for s in SECTORS}
        self.events: list[Json] = []
        self.pairings: list[Json] = []
        self.ref = 0

    # regions ----------------------------------------------------------------------------------

    def _region(self, ident: str, en: str, zh: str, kind: str, **extra: Any) -> None:
        record: Json = {"id": ident, "name": _names(en, zh), "kind": kind, **extra}
        self.regions.append(record)
        self.region_by_id[ident] = record

    def make_regions(self) -> None:
        rng = self.rng
        self._region("guangdong", "Guangdong", "广东省", "province")
        self._region("guangzhou", "Guangzhou", "广州市", "city", parent="guangdong")
        for ident, en, zh in DISTRICTS:
            self._region(ident, f"{en} District", f"{zh}区", "district", parent="guangzhou")
        self._region("guizhou", "Guizhou", "贵州省", "province")
        self._region("guangxi", "Guangxi", "广西", "province")
        prefectures = [
            ("bijie", "Bijie", "毕节市", "city"),
            ("anshun", "Anshun", "安顺市", "city"),
            ("qiannan", "Qiannan", "黔南州", "prefecture"),
            ("liupanshui", "Liupanshui", "六盘水市", "city"),
        ]
        for ident, en, zh, kind in prefectures:
            self._region(ident, en, zh, kind, parent="guizhou")
            self.places.append(ident)
        for prefecture, counties in COUNTIES.items():
            for ident, en, zh, kind in counties:
                self._region(ident, en, zh, kind, parent=prefecture)
                self.counties.append(ident)
                self.places.append(ident)
        # Towns and townships, most of them in Bijie's counties.
        towns = max(40, min(400, self.n // 40))
        bijie = [c[0] for c in COUNTIES["bijie"]]
        used: set[str] = set()
        while len(used) < towns:
            county = rng.choice(bijie) if rng.random() < 0.75 else rng.choice(self.counties)
            (p1, z1), (p2, z2) = rng.sample(SYLLABLES, 2)
            kind_en, kind_zh = rng.choice(TOWN_KINDS)
            ident = f"{county}-{p1}{p2}"
            if ident in used:
                continue
            used.add(ident)
            county_name = self.region_by_id[county]["name"]
            self._region(
                ident,
                f"{(p1 + p2).capitalize()} {kind_en}, {_short(county_name['en'])}",
                f"{county_name['zh']}{z1}{z2}{kind_zh}",
                "township",
                parent=county,
            )
            self.places.append(ident)
        # Combined regions: the scopes of Guangzhou's reports, and groups of counties.
        combos: list[list[str]] = [
            ["bijie", "qiannan"],
            ["bijie", "anshun", "qiannan"],
            ["bijie", "anshun"],
            ["bijie", "liupanshui"],
            ["guangxi", "guizhou"],
        ]
        for _ in range(max(10, min(60, self.n // 2000))):
            prefecture = rng.choice(list(COUNTIES))
            pool = [c[0] for c in COUNTIES[prefecture]]
            combos.append(sorted(rng.sample(pool, rng.randint(2, 4)), key=pool.index))
        for members in combos:
            ident = "+".join(members)
            if ident in self.region_by_id:
                continue
            names = [self.region_by_id[m]["name"] for m in members]
            self._region(
                ident,
                " + ".join(_short(n["en"]) for n in names),
                "+".join(_short_zh(n["zh"]) for n in names),
                "combined",
                members=members,
            )
            self.places.append(ident)

    # sources ----------------------------------------------------------------------------------

    def make_sources(self) -> None:
        rng = self.rng
        count = max(20, self.n // 20)
        for i in range(count):
            publisher, kind, site, prefix = rng.choices(PUBLISHERS, PUBLISHER_WEIGHTS)[0]
            year = rng.randint(FIRST_YEAR + 2, LAST_YEAR)
            month, day = rng.randint(1, 12), rng.randint(1, 28)
            place = self.region_by_id[rng.choice(self.counties)]["name"]
            actor = rng.choice(DISTRICTS)
            sector = rng.choices(SECTORS, SECTOR_WEIGHTS)[0]
            topic = rng.choice(TOPICS[sector[0]])
            if rng.random() < 0.6:
                title = f"{actor[2]}区对口帮扶{place['zh']}:{topic.zh}工作综述"
            else:
                title = f"Guangzhou's {actor[1]} District and {place['en']}: {topic.en}"
            ident = f"{prefix}{year}-{i:05d}"
            record: Json = {
                "id": ident,
                "title": title,
                "publisher": publisher,
                "date": f"{year}-{month:02d}-{day:02d}",
                "url": f"https://www.{site}/{year}{month:02d}/t{year}{month:02d}{day:02d}_{i}.html",
                "kind": kind,
            }
            if rng.random() < 0.04:
                record["date"] = f"{year}"
                record["date_note"] = "Only the year is shown on the page."
            if kind == "secondary":
                record["note"] = "A page quoting figures whose original was not found."
            self.sources.append(record)
            self.sources_by_year.setdefault(year, []).append(ident)

    def _source_after(self, year: int) -> str:
        """A source published in ``year`` or up to two years later, as reports are."""
        rng = self.rng
        for _ in range(4):
            bucket = self.sources_by_year.get(year + rng.randint(0, 2))
            if bucket:
                return rng.choice(bucket)
        return str(rng.choice(self.sources)["id"])

    # entities ---------------------------------------------------------------------------------

    def make_entities(self) -> None:
        rng = self.rng
        count = max(10, self.n // 50)
        seen: set[str] = set()
        while len(self.entities) < count:
            kind, sector, en, zh = rng.choice(ENTITY_TEMPLATES)
            place = self.region_by_id[rng.choice(self.places[4:])]  # a county, town or group
            if place["kind"] == "combined":
                continue
            actor = rng.choice(DISTRICTS)
            product = rng.choice(PRODUCTS)
            words = {
                "place": _short(place["name"]["en"]).split(",")[0],
                "place_zh": place["name"]["zh"],
                "actor": actor[1],
                "actor_zh": f"{actor[2]}区",
                "product": product[0],
                "product_zh": product[1],
            }
            name_en = en.format(**words)
            name_en = name_en[0].upper() + name_en[1:]
            ident = f"{place['id']}-{kind}-{len(self.entities)}"
            if ident in seen:
                continue
            seen.add(ident)
            year = rng.randint(2016, LAST_YEAR)
            source = self._source_after(year)
            record: Json = {
                "id": ident,
                "kind": kind,
                "sector": sector,
                "region": place["id"],
                "name": _names(name_en, zh.format(**words)),
                "evidence": [
                    {
                        "source": source,
                        "quote": f"{year}年,{words['actor_zh']}帮助建成{zh.format(**words)}",
                        "ref": self._next_ref(),
                    }
                ],
            }
            if rng.random() < 0.5:
                record["description"] = _names(
                    f"Set up in {year} with support from {actor[1]} District.",
                    f"{year}年在{actor[2]}区支持下建立。",
                )
            self.entities.append(record)
            self.entities_by_sector[sector].append(ident)

    def _next_ref(self) -> str:
        self.ref += 1
        return f"GB{self.ref:06d}"

    # indicators and figures -------------------------------------------------------------------

    def _indicator(self, sector: str, topic: Topic, place: str, actor: str | None) -> Json:
        rng = self.rng
        region = self.region_by_id[place]["name"]
        if actor is not None:
            district = next(d for d in DISTRICTS if d[0] == actor)
            en = f"{district[1]} → {region['en']}: {topic.en}"
            zh = f"{district[2]}区帮扶{region['zh']}:{topic.zh}"
        else:
            en = f"{region['en']}: {topic.en}"
            zh = f"{region['zh']}{topic.zh}"
        base = f"{place}-{topic.slug}" + (f"-{actor}" if actor else "")
        ident, k = base, 1
        while ident in self.indicator_ids:
            k += 1
            ident = f"{base}-{k}"
        self.indicator_ids.add(ident)
        record: Json = {
            "id": ident,
            "sector": sector,
            "name": _names(en[0].upper() + en[1:], zh),
            "unit": topic.unit,
            "region": place,
        }
        if rng.random() < 0.4:
            record["description"] = _names(
                f"{topic.en.capitalize()} in {region['en']}, as reported by the sources cited.",
                f"据所引来源,{region['zh']}{topic.zh}。",
            )
        if actor is not None:
            record["actor"] = actor
        if self.entities_by_sector[sector] and rng.random() < 0.1:
            record["entity"] = rng.choice(self.entities_by_sector[sector])
        self.indicators.append(record)
        return record

    def _periods(self, count: int) -> list[Json]:
        """``count`` distinct periods of one kind, oldest first."""
        rng = self.rng
        years = sorted(rng.sample(range(FIRST_YEAR, LAST_YEAR + 1), count))
        kind = rng.choices(["annual", "cumulative", "as_of"], [70, 18, 12])[0]
        if kind == "annual":
            out: list[Json] = []
            for year in years:
                period: Json = {"kind": "annual", "start": str(year), "end": str(year)}
                if year == LAST_YEAR and rng.random() < 0.3:
                    period["end"] = f"{year}-11"
                    period["label"] = "to November"
                out.append(period)
            return out
        if kind == "cumulative":
            first = rng.choice(["2016", "2016-09", "2021"])
            start_year = int(first[:4])
            years = sorted(
                rng.sample(range(start_year, LAST_YEAR + 1), min(count, LAST_YEAR + 1 - start_year))
            )
            return [
                {
                    "kind": "cumulative",
                    "start": first,
                    "end": f"{y}-{12 if y == start_year else rng.randint(6, 12):02d}",
                }
                for y in years
            ]
        return [
            {"kind": "as_of", "start": None, "end": f"{y}-{rng.randint(1, 12):02d}"} for y in years
        ]

    def _quote(self, stated: Stated, qualifier: str, period: Json, ind: Json, topic: Topic) -> str:
        rng = self.rng
        region = self.region_by_id[ind["region"]]["name"]
        actor = ind.get("actor")
        actor_zh = next((f"{d[2]}区" for d in DISTRICTS if d[0] == actor), "广州市")
        actor_en = next((f"{d[1]} District" for d in DISTRICTS if d[0] == actor), "Guangzhou")
        if stated.english:
            said = QUALIFIER_EN.get(qualifier, "") + stated.text
            if not said.endswith((UNIT_EN[topic.unit], "%")):
                said += " " + UNIT_EN[topic.unit]
            return rng.choice(
                [
                    f"{_when_en(period).capitalize()}, {actor_en} helped {region['en']} "
                    f"with {topic.en}, reaching {said}.",
                    f"{region['en']} recorded {said} in {topic.en} {_when_en(period)}, "
                    f"according to local officials.",
                    f"With support from {actor_en}, {topic.en} in {region['en']} "
                    f"came to {said} {_when_en(period)}.",
                ]
            )
        said = QUALIFIER_ZH.get(qualifier, "") + stated.text
        return rng.choice(
            [
                f"{_when_zh(period)},{actor_zh}对口帮扶{region['zh']},{topic.zh}{said}。",
                f"据统计,{_when_zh(period)}{region['zh']}{topic.zh}达{said},成效明显。",
                f"{_when_zh(period)}{actor_zh}协助{region['zh']}{topic.zh}{said}",
            ]
        )

    def _series(self, sector: str, topic: Topic, ind: Json, count: int) -> list[Json]:
        rng = self.rng
        periods = self._periods(count)
        level = rng.uniform(topic.low, topic.high) if topic.unit != "percent" else 0
        out: list[Json] = []
        for period in periods:
            if topic.unit == "percent":
                raw = rng.uniform(topic.low, topic.high)
            else:
                level = max(topic.low, level * rng.uniform(0.7, 1.5))
                raw = level
            qualifier = rng.choices([q for q, _ in QUALIFIERS], [w for _, w in QUALIFIERS])[0]
            year = int(str(period.get("end") or period["start"])[:4])
            fig_id = f"F{len(self.figures) + 1:06d}"
            figure: Json = {"id": fig_id, "indicator": ind["id"], "period": period}
            if qualifier == "range":
                low = max(1, round(raw * 0.6))
                high = max(low + 1, round(raw))
                figure["value"], figure["upper"] = low, high
                figure["qualifier"] = "range"
                stated = Stated(f"{low:,}–{high:,}", Decimal(low), english=rng.random() < 0.5)
                if not stated.english:
                    stated = Stated(f"{low}至{high}{UNIT_ZH[topic.unit]}", Decimal(low), False)
            else:
                stated = _state(rng, raw, topic.unit, qualifier)
                figure["value"] = _number(stated.value)
                figure["qualifier"] = qualifier
            figure["stated_as"] = stated.text
            figure["status"] = "stated"
            evidence = [
                {
                    "source": self._source_after(year),
                    "quote": self._quote(stated, qualifier, period, ind, topic),
                    "ref": self._next_ref(),
                }
            ]
            if rng.random() < 0.15:  # a second report of the same figure
                evidence.append(
                    {
                        "source": self._source_after(year),
                        "quote": self._quote(stated, qualifier, period, ind, topic),
                    }
                )
            figure["evidence"] = evidence
            if rng.random() < 0.08:
                en, zh = rng.choice(NOTES)
                figure["note"] = {"en": en, "zh": zh} if rng.random() < 0.8 else {"en": en}
            out.append(figure)
            self.figures.append(figure)
        return out

    def _derived_total(self, sector: str, topic: Topic, ind: Json, parts: list[Json]) -> None:
        """A companion indicator with one derived figure: the sum of an annual series."""
        total = sum((Decimal(repr(p["value"])) for p in parts), Decimal(0))
        first, last = parts[0]["period"]["start"], parts[-1]["period"]["start"]
        name = ind["name"]
        record: Json = {
            "id": ind["id"] + "-total",
            "sector": sector,
            "name": _names(f"{name['en']} (total)", f"{name['zh']}(合计)"),
            "description": _names(
                f"The sum of the annual series “{name['en']}”.", f"“{name['zh']}”逐年数字之和。"
            ),
            "unit": topic.unit,
            "region": ind["region"],
        }
        if "actor" in ind:
            record["actor"] = ind["actor"]
        self.indicator_ids.add(record["id"])
        self.indicators.append(record)
        terms = " + ".join(p["stated_as"] for p in parts)
        ids = ", ".join(p["id"] for p in parts)
        figure: Json = {
            "id": f"F{len(self.figures) + 1:06d}",
            "indicator": record["id"],
            "period": {"kind": "cumulative", "start": first, "end": last},
            "value": _number(total),
            "qualifier": "exact",
            "status": "derived",
            "derivation": f"Sum of the annual figures {ids}: {terms}.",
            "evidence": [
                {"source": p["evidence"][0]["source"], "quote": p["evidence"][0]["quote"]}
                for p in parts
            ],
        }
        self.figures.append(figure)

    def make_figures(self) -> list[str]:
        """Every indicator and figure; returns each sector's headline indicator."""
        rng = self.rng
        headlines: list[str] = []
        overview: list[str] = []
        # Headline series first: Bijie-wide, six years each.
        for sector, *_ in SECTORS:
            topic = TOPICS[sector][0]
            place = "bijie" if sector == "context" else "bijie+qiannan"
            ind = self._indicator(sector, topic, place, None)
            self._series(sector, topic, ind, min(6, self.n - len(self.figures)))
            headlines.append(ind["id"])
        overview.append(headlines[-1])
        for topic in TOPICS["context"][1:7]:
            if len(self.figures) + 6 > self.n:
                break
            ind = self._indicator("context", topic, "bijie", None)
            self._series("context", topic, ind, 6)
            overview.append(ind["id"])
        self.overview = overview
        while len(self.figures) < self.n:
            sector = rng.choices(SECTORS, SECTOR_WEIGHTS)[0][0]
            topic = rng.choice(TOPICS[sector])
            place = rng.choice(self.places)
            actor = rng.choice(DISTRICTS)[0] if rng.random() < 0.45 else None
            count = min(rng.randint(1, 8), self.n - len(self.figures))
            ind = self._indicator(sector, topic, place, actor)
            parts = self._series(sector, topic, ind, count)
            left = self.n - len(self.figures)
            if (
                left >= 1
                and len(parts) >= 3
                and topic.unit != "percent"
                and all(p["period"]["kind"] == "annual" for p in parts)
                and all(p["qualifier"] == "exact" for p in parts)
                and rng.random() < 0.3
            ):
                self._derived_total(sector, topic, ind, parts)
        return headlines

    # pairings and events ----------------------------------------------------------------------

    def make_pairings(self) -> None:
        rng = self.rng
        for county in [c[0] for c in COUNTIES["bijie"]] + self.counties[10:]:
            for phase in ("2016-2020", "2021-"):
                if rng.random() < 0.2:
                    continue  # no source names a partner: shown as unknown
                district, district_en, district_zh = rng.choice(DISTRICTS)
                name = self.region_by_id[county]["name"]
                status = "reported" if rng.random() < 0.25 else "confirmed"
                year = 2016 if phase == "2016-2020" else 2021
                record: Json = {
                    "id": f"{district}-{county}-{year}",
                    "district": district,
                    "county": county,
                    "phase": phase,
                    "status": status,
                    "summary": _names(
                        f"{district_en} District assists {name['en']} {PHASES[phase][0]}.",
                        f"{district_zh}区{PHASES[phase][1]}对口帮扶{name['zh']}。",
                    ),
                    "evidence": [
                        {
                            "source": self._source_after(year),
                            "quote": f"{district_zh}区{year}年起结对帮扶{name['zh']}",
                            "ref": self._next_ref(),
                        }
                    ],
                }
                if rng.random() < 0.6:
                    record["since"] = f"{year}-{rng.randint(1, 12):02d}"
                self.pairings.append(record)

    def make_events(self) -> None:
        rng = self.rng
        count = max(10, self.n // 100)
        for i in range(count):
            sector, en, zh = rng.choice(EVENT_TEMPLATES)
            place = self.region_by_id[rng.choice(self.places[4:])]
            if place["kind"] == "combined":
                place = self.region_by_id[rng.choice(self.counties)]
            actor = rng.choice(DISTRICTS)
            product = rng.choice(PRODUCTS)
            words = {
                "place": place["name"]["en"],
                "place_zh": place["name"]["zh"],
                "actor": f"{actor[1]} District",
                "actor_zh": f"{actor[2]}区",
                "product": product[0],
                "product_zh": product[1],
            }
            year = rng.randint(2016, LAST_YEAR)
            date = f"{year}-{rng.randint(1, 12):02d}"
            if rng.random() < 0.5:
                date += f"-{rng.randint(1, 28):02d}"
            title_en = en.format(**words)
            record: Json = {
                "id": f"{date}-{place['id']}-{i}",
                "date": date,
                "sector": sector,
                "region": place["id"],
                "title": _names(title_en[0].upper() + title_en[1:], zh.format(**words)),
                "evidence": [
                    {
                        "source": self._source_after(year),
                        "quote": f"{_zh_date(date)},{zh.format(**words)}",
                        "ref": self._next_ref(),
                    }
                ],
            }
            self.events.append(record)
        self.events.sort(key=lambda e: str(e["date"]))


def make(n: int, seed: int = 0) -> dict[str, Any]:
    """A valid dataset with exactly ``n`` figures; the same ``n`` and ``seed`` give the same."""
    if n < 1:
        raise ValueError("n must be at least 1")
    builder = _Builder(n, seed)
    builder.make_regions()
    builder.make_sources()
    builder.make_entities()
    headlines = builder.make_figures()
    builder.make_pairings()
    builder.make_events()
    sectors = [
        {
            "id": ident,
            "name": _names(en, zh),
            "description": _names(den, dzh),
            **({"headline": headlines[i]} if i < len(headlines) else {}),
        }
        for i, (ident, en, zh, den, dzh) in enumerate(SECTORS)
    ]
    return {
        "format": FORMAT,
        "title": _names(
            f"Guangzhou–Bijie east–west collaboration (generated, {n:,} figures)",
            f"广州—毕节东西部协作(生成数据,{n}个数字)",
        ),
        "description": _names(
            "A generated dataset in the format of the bundled one, for measuring the explorer "
            "at scale. The names are realistic; the numbers are not real.",
            "按内置数据格式生成的数据集,用于测试大数据量下的性能。名称近似真实,数字并非真实数据。",
        ),
        "updated": "2026-01-01",
        "sectors": sectors,
        "units": [{"id": i, "name": _names(en, zh), "scalable": s} for i, en, zh, s in UNITS],
        "regions": builder.regions,
        "sources": builder.sources,
        "indicators": builder.indicators,
        "figures": builder.figures,
        "entities": builder.entities,
        "pairings": builder.pairings,
        "events": builder.events,
        "overview": builder.overview,
    }


def write(n: int, out: Path, seed: int = 0) -> int:
    """Write the dataset of ``n`` figures to ``out`` as compact UTF-8 JSON; return its size."""
    text = json.dumps(make(n, seed), ensure_ascii=False, separators=(",", ":"))
    data = text.encode("utf-8")
    out.write_bytes(data)
    return len(data)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("n", type=int, help="number of figures")
    parser.add_argument("out", type=Path, help="the JSON file to write")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    args = parser.parse_args(argv)
    if args.n < 1:
        parser.error("N must be at least 1")
    size = write(args.n, args.out, args.seed)
    print(f"{args.out}: {args.n:,} figures, {size / 2**20:.1f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
