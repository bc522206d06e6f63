"""Chinese labels of the §5 columns: the one place batch headers, the template and the Excel output
take their words from.

A header in an input file is matched after NFKC normalisation (full-width brackets become ASCII) and
with every blank removed, so ``设备购置总额（万元）`` and ``设备购置总额(万元)`` are the same header.
Year columns take the year in brackets: ``营业收入(2020)``, ``营业收入(2020)(万元)``, ``2020年营业收入``.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

from huiqi.batch.fields import is_column
from huiqi.profile.columns import YEAR_SEGMENT, column_kinds

#: §5 path (financial years as ``*``) → Chinese label, as contract §1 words it
LABELS: dict[str, str] = {
    "enterprise.name": "企业名称",
    "enterprise.credit_code": "统一社会信用代码",
    "enterprise.city": "所在市",
    "enterprise.county": "所在区县(镇街)",
    "enterprise.registered_in_guangdong": "在广东省内登记注册",
    "enterprise.operating_in_guangdong": "在广东生产经营",
    "enterprise.independent_legal_person": "具有独立法人资格",
    "enterprise.industry_code": "国民经济行业代码",
    "enterprise.established": "成立日期",
    "enterprise.employees": "从业人员",
    "enterprise.rd_staff": "研发人员",
    "enterprise.degree_or_title_staff": "本科以上学历或中级以上职称员工数",
    "enterprise.financials.*.revenue": "营业收入",
    "enterprise.financials.*.main_business_revenue": "主营业务收入",
    "enterprise.financials.*.total_profit": "利润总额",
    "enterprise.financials.*.net_profit": "净利润",
    "enterprise.financials.*.total_assets": "资产总额",
    "enterprise.financials.*.total_liabilities": "负债总额",
    "enterprise.financials.*.rd_expense": "研发经费支出",
    "enterprise.equity_financing_2y_wan": "近2年新增股权融资额",
    "enterprise.ip.invention_patents": "发明专利数",
    "enterprise.ip.ic_layouts": "集成电路布图设计专有权数",
    "enterprise.ip.utility_model_patents": "实用新型专利数",
    "enterprise.ip.design_patents": "外观设计专利数",
    "enterprise.ip.software_copyrights": "软件著作权数",
    "enterprise.specialization.years_in_niche": "从事特定细分市场年数",
    "enterprise.specialization.market_share_rank_province": "主导产品细分市场全省排名",
    "enterprise.specialization.key_supplier": "主导产品为大企业大项目关键配套",
    "enterprise.specialization.leading_talent": "拥有行业领军人才或高层次人才",
    "enterprise.refinement.quality_mgmt_cert": "质量管理体系认证",
    "enterprise.refinement.ip_mgmt_cert": "知识产权管理体系认证",
    "enterprise.refinement.own_brand": "自主品牌",
    "enterprise.refinement.standard_level": "主导产品标准水平",
    "enterprise.refinement.satisfaction_or_traceability": "顾客满意度测评机制或产品追溯体系",
    "enterprise.refinement.mgmt_system_cert": "相关管理体系认证",
    "enterprise.refinement.follows_standards": "产品生产执行国际国内行业标准",
    "enterprise.refinement.foreign_product_cert": "产品通过发达国家和地区产品认证",
    "enterprise.specialty.regional_specialty": "地域特色产品或服务",
    "enterprise.specialty.unique_process": "独有可持续的工艺技术或配方",
    "enterprise.specialty.famous_brand": "中华老字号驰名商标或省级以上名牌产品",
    "enterprise.innovation.standards_drafted": "主持或参与制修订标准",
    "enterprise.innovation.postdoc_station": "博士后工作站",
    "enterprise.innovation.rd_institution": "研发机构级别",
    "enterprise.innovation.info_system_core_business": "核心业务采用信息系统支撑",
    "enterprise.innovation.key_field": "主导产品属于重点领域",
    "enterprise.innovation.major_breakthrough": "创新成果属重点领域关键技术重大突破",
    "enterprise.status.srdi_provincial": "省级专精特新中小企业",
    "enterprise.status.srdi_cultivated": "省级重点培育",
    "enterprise.status.other_strong_innovator": "其他创新能力强的中小企业",
    "enterprise.status.high_growth_sme_valid": "有效期内的广东省高成长中小企业",
    "enterprise.status.single_champion": "制造业单项冠军企业或产品",
    "enterprise.compliance.false_information": "提供虚假信息",
    "enterprise.compliance.major_accident_3y": "近三年重大安全质量环境事故",
    "enterprise.compliance.major_accident_5y": "近五年重大安全质量环境事故",
    "enterprise.compliance.serious_env_violation": "严重环境违法",
    "enterprise.compliance.tax_violation": "偷漏税或其他违法违规失信",
    "enterprise.compliance.dishonest_debtor": "失信被执行人",
    "enterprise.compliance.audit_violation_5y": "近5年审计检查较严重违法违规",
    "enterprise.compliance.overdue_unaccepted_project": "财政专项资金项目逾期未验收",
    "enterprise.priority_field": "属于优先遴选领域",
    "enterprise.conforms_industrial_policy": "主营业务符合国家产业政策",
    "enterprise.sound_accounting": "财务会计核算和管理制度健全",
    "project.id": "项目编号",
    "project.name": "项目名称",
    "project.code": "项目代码",
    "project.kind": "项目类型",
    "project.city": "项目所在市",
    "project.county": "项目所在区县(镇街)",
    "project.cross_region": "跨行政区域",
    "project.management": "项目管理方式",
    "project.prohibited_by_policy": "属于产业政策禁止投资建设项目",
    "project.filed_on": "备案日期",
    "project.approved_on": "核准日期",
    "project.planned_start": "计划开工日期",
    "project.planned_completion": "计划完工日期",
    "project.filing_changed": "备案证发生变更",
    "project.filing_change_submitted_on": "提交备案变更日期",
    "project.previous_planned_start": "变更前备案证计划开工日期",
    "project.previous_planned_completion": "变更前备案证计划完工日期",
    "project.started_on": "实际开工日期",
    "project.completed_on": "实际完工日期",
    "project.total_investment_wan": "项目总投资",
    "project.equipment_purchase_wan": "设备购置总额",
    "project.in_tech_upgrade_statistics": "已纳入技术改造投资统计",
    "project.received_provincial_funding": "已获省财政资金支持",
    "project.pre_reward_2019.approved_wan": "2019年事前奖励核定额",
    "project.pre_reward_2019.planned_equipment_wan": "2019年事前奖励计划设备投资",
    "project.pre_reward_2019.accepted": "2019年事前奖励项目通过验收",
    "project.pre_reward_2019.completed_on_time": "2019年事前奖励项目按期完工",
    "project.fyp_completed_investment_wan": "十四五期间完成总投资",
    "project.new_fai_declared_wan": "申报期内新增实际固定资产投资额",
    "project.new_fai_in_stats_wan": "已纳入统计的工业固定资产投资额",
    "project.received_major_project_reward": "已获省重大制造业项目投资奖励",
    "project.direction": "数字化转型方向",
    "project.investment_ex_tax_wan": "项目投入费用(不含税)",
    "project.it_investment_wan": "信息化投入",
    "project.build_start": "建设开始日期",
    "project.build_end": "建设结束日期",
    "project.core_suppliers": "带动核心供应链制造企业数",
    "project.review_score": "遴选评分",
    "project.automation_it_base": "具备良好自动化信息化基础",
    "project.service_provider_violation_5y": "服务商近5年较严重违法违规",
    "project.repeated_application": "重复申报或多头申报",
    "project.other_direction_this_year": "本年度已申报其他方向",
    "project.complex": "项目情况复杂",
}

#: Chinese words for the values of enumerated fields (either the code or the word is accepted)
CHOICE_LABELS: dict[str, dict[str, str]] = {
    "project.kind": {
        "tech_upgrade": "技术改造",
        "manufacturing_investment": "制造业投资项目",
        "digital_transformation": "数字化转型",
    },
    "project.management": {"filing": "备案", "approval": "核准", "examination": "审批"},
    "project.direction": {
        "industrial_internet": "工业互联网应用创新标杆",
        "5g": "5G+工业互联网应用标杆",
        "supply_chain": "产业链供应链协同示范标杆",
    },
    "enterprise.refinement.standard_level": {
        "international": "国际先进",
        "domestic_advanced": "国内先进",
        "no_standard_exists": "尚无标准",
        "other": "其他",
    },
    "enterprise.innovation.rd_institution": {
        "none": "无",
        "joint": "联合建立",
        "own": "自建未认定",
        "city": "市级",
        "provincial": "省级",
        "national": "国家级",
    },
}

#: what each status word means (the legend of the Excel output)
STATUS_MEANINGS: dict[str, str] = {
    "eligible": "所有已编码的条件均满足；金额为“不超过”的奖励上限",
    "ineligible": "至少一项条件不满足（见“未满足条件”）",
    "undetermined": "没有不满足的条件，但缺少判断所需的信息（补填后再筛查）",
    "not_applicable": "该政策不覆盖此情形（如按项目评估的政策而此行没有项目）",
    "not_in_force": "评估日期不在该政策的有效期内",
    "error": "此行输入有误，未作评估（见“输入有误”列）",
}

#: the unit of counted columns (money, dates and yes/no come from the column's kind)
COUNT_UNITS: dict[str, str] = {
    "enterprise.employees": "人",
    "enterprise.rd_staff": "人",
    "enterprise.degree_or_title_staff": "人",
    "enterprise.ip.invention_patents": "件",
    "enterprise.ip.ic_layouts": "件",
    "enterprise.ip.utility_model_patents": "件",
    "enterprise.ip.design_patents": "件",
    "enterprise.ip.software_copyrights": "件",
    "enterprise.specialization.years_in_niche": "年",
    "enterprise.specialization.market_share_rank_province": "名",
    "enterprise.innovation.standards_drafted": "项",
    "project.core_suppliers": "家",
    "project.review_score": "分",
}
#: the topics of the template, in the order a person fills them: each the path prefixes it holds
TOPICS: dict[str, tuple[str, ...]] = {
    "企业基本情况": ("enterprise.name", "enterprise.credit_code", "enterprise.city", "enterprise.county",
                 "enterprise.registered_in_guangdong", "enterprise.operating_in_guangdong",
                 "enterprise.independent_legal_person", "enterprise.industry_code", "enterprise.established",
                 "enterprise.employees", "enterprise.rd_staff", "enterprise.degree_or_title_staff"),
    "财务（按年度）": ("enterprise.financials.", "enterprise.equity_financing_2y_wan"),
    "知识产权": ("enterprise.ip.",),
    "专业化、精细化、特色化与创新": ("enterprise.specialization.", "enterprise.refinement.", "enterprise.specialty.",
                          "enterprise.innovation.", "enterprise.priority_field"),
    "已获认定": ("enterprise.status.",),
    "合规情况": ("enterprise.compliance.", "enterprise.conforms_industrial_policy", "enterprise.sound_accounting"),
    "项目基本情况": ("project.id", "project.name", "project.code", "project.kind", "project.direction", "project.city",
               "project.county", "project.cross_region", "project.management", "project.prohibited_by_policy"),
    "项目时间": ("project.filed_on", "project.approved_on", "project.planned_start", "project.planned_completion",
             "project.started_on", "project.completed_on", "project.build_start", "project.build_end"),
    "项目投资与资金": ("project.",),
}


def topic_of(path: str) -> str:
    """The template topic a column belongs to (the first whose prefixes match)."""
    for topic, prefixes in TOPICS.items():
        if any(path == p or (p.endswith(".") and path.startswith(p)) for p in prefixes):
            return topic
    return "其他"


def fill_order(path: str) -> tuple[int, int, int]:
    """Where a column goes in the template: by topic, then financial year (earliest first), then the
    order of :data:`LABELS` (which puts a start date before its end)."""
    topics = list(TOPICS)
    topic = topic_of(path)
    match = _YEAR_PATH.match(path)
    year = int(match.group(1)) if match else 0
    order = list(LABELS)
    pattern = pattern_of(path)
    return (topics.index(topic) if topic in topics else len(topics), year,
            order.index(pattern) if pattern in order else len(order))


YES, NO = "是", "否"
_YEAR_PATH = re.compile(r"^enterprise\.financials\.(\d{4})\.(\w+)$")


def clean_header(text: str) -> str:
    """NFKC, no blanks, ASCII brackets: the form headers are compared in."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(text)))


def pattern_of(path: str) -> str:
    return YEAR_SEGMENT.sub(".*.", path)


def unit_of(path: str) -> str:
    pattern = pattern_of(path)
    if pattern in COUNT_UNITS:
        return COUNT_UNITS[pattern]
    kind = column_kinds().get(pattern)
    return {"money": "万元", "date": "YYYY-MM-DD", "bool": "是/否"}.get(kind or "", "")


def label_of(path: str) -> str:
    """The Chinese label of a column (with the year for financial columns); the path when unknown."""
    match = _YEAR_PATH.match(path)
    if match:
        return f"{LABELS.get(pattern_of(path), path)}({match.group(1)})"
    return LABELS.get(path, path)


def header_of(path: str) -> str:
    """The header the template writes: label and unit (``设备购置总额(万元)``, ``营业收入(2020)(万元)``,
    ``从业人员(人)``, ``计划开工日期(YYYY-MM-DD)``); yes/no columns have a drop-down list instead."""
    unit = unit_of(path)
    return f"{label_of(path)}({unit})" if unit and unit != "是/否" else label_of(path)


@cache
def _alias_table() -> dict[str, str]:
    table: dict[str, str] = {}
    for pattern, label in LABELS.items():
        if "*" in pattern:
            continue
        table[clean_header(label)] = pattern
        unit = unit_of(pattern)
        if unit:
            table[clean_header(f"{label}({unit})")] = pattern
    return table


@cache
def _year_labels() -> dict[str, str]:
    return {clean_header(label): pattern for pattern, label in LABELS.items() if "*" in pattern}


_YEAR_FORMS = (
    re.compile(r"^(?P<label>.+?)\((?P<year>\d{4})(?:年|年度)?\)(?:\(万元\))?$"),
    re.compile(r"^(?P<label>.+?)\(万元\)\((?P<year>\d{4})(?:年|年度)?\)$"),
    re.compile(r"^(?P<year>\d{4})(?:年|年度)(?P<label>.+?)(?:\(万元\))?$"),
)


def path_of_header(header: str) -> str | None:
    """The §5 path a header names (a dotted path or a Chinese alias), None when it names none."""
    text = clean_header(header)
    if is_column(text):
        return _valid_year(text)
    if text in _alias_table():
        return _alias_table()[text]
    for form in _YEAR_FORMS:
        match = form.match(text)
        if match and match.group("label") in _year_labels():
            pattern = _year_labels()[match.group("label")]
            return _valid_year(pattern.replace("*", match.group("year")))
    return None


def _valid_year(path: str) -> str | None:
    """Financial years as the profile model accepts them (1949–2100); other paths unchanged."""
    match = _YEAR_PATH.match(path)
    if match and not 1949 <= int(match.group(1)) <= 2100:
        return None
    return path


# --- The words of results, shared by the web pages, the CLI text output, Excel and error messages ---

#: verdict → the words a person reads (contract §2 ``status``)
STATUS_LABELS: dict[str, str] = {
    "eligible": "符合条件",
    "ineligible": "不符合条件",
    "undetermined": "待定（缺少信息）",
    "not_applicable": "不适用",
    "not_in_force": "不在政策有效期内",
}
#: the same, short enough for a table cell; ``error`` is a row whose input could not be read
STATUS_SHORT: dict[str, str] = {
    "eligible": "符合",
    "ineligible": "不符合",
    "undetermined": "待定",
    "not_applicable": "不适用",
    "not_in_force": "不在有效期",
    "error": "输入有误",
}
#: a criterion's mark (contract §2 criterion ``status``)
MARK_LABELS: dict[str, str] = {"pass": "满足", "fail": "不满足", "unknown": "未知"}
#: 中小企业划型 (工信部联企业〔2011〕300号)
SIZE_LABELS: dict[str, str] = {"large": "大型", "medium": "中型", "small": "小型", "micro": "微型"}
#: the service's roles
ROLE_LABELS: dict[str, str] = {"enterprise": "企业用户", "bureau": "主管部门", "admin": "管理员"}
#: words the programs' own notes use for the engine's inputs and outputs
TERM_LABELS: dict[str, str] = {"as_of": "评估日期", "actual": "实际值", "threshold": "要求值"}

_PROJECT_INDEX = re.compile(r"^projects?(?:\[\d*\])?\.")
_ASSUMPTION_REF = re.compile(r"(?:默认)?(?:假设|读法)\s*[a-z0-9]+(?:-[a-z0-9]+)+(?:\s*=\s*[a-z0-9]+(?:-[a-z0-9]+)*)?")
_PATH_IN_TEXT = re.compile(
    r"(?<![A-Za-z0-9_.\-])((?:enterprise|projects?(?:\[\d*\])?)\.)?([a-z][a-z0-9_]*(?:\.[a-z0-9_*]+)*)"
    r"(?:\s*=\s*([a-z0-9_]+))?(?![A-Za-z0-9_\-])"
)
_ENGLISH_MARK = re.compile(r"\s*unverified \((?:repost|recollection)\)")


def field_label(path: str) -> str:
    """The Chinese label of any spelling of a field path (``projects[0].city``, ``projects[].city``,
    ``project.city``, ``enterprise.financials.2022.revenue``); the path itself when it names no field."""
    return label_of(_PROJECT_INDEX.sub("project.", path))


def choice_label(path: str, code: str) -> str:
    """The Chinese word of an enumerated value (``project.kind`` ``tech_upgrade`` → 技术改造)."""
    return CHOICE_LABELS.get(_PROJECT_INDEX.sub("project.", path), {}).get(code, code)


@cache
def _leaf_paths() -> dict[str, str]:
    """A field's last segments (``kind``, ``compliance.dishonest_debtor``) → its path, where unique."""
    seen: dict[str, set[str]] = {}
    for path in LABELS:
        parts = path.split(".")
        for i in range(1, len(parts)):
            seen.setdefault(".".join(parts[i:]), set()).add(path)
    return {tail: next(iter(paths)) for tail, paths in seen.items() if len(paths) == 1}


def _path_words(match: re.Match[str]) -> str:
    prefix, tail, code = match.group(1), match.group(2), match.group(3)
    if prefix:
        path = _PROJECT_INDEX.sub("project.", prefix + tail)
    elif tail in _leaf_paths():
        path = _leaf_paths()[tail]
    else:
        return match.group(0)
    label = label_of(path)
    if label == path:
        return match.group(0)
    return f"{label}为{choice_label(path, code)}" if code else label


def humanize(text: str) -> str:
    """A note written beside a rule, in the words a person reads: field paths become their labels
    (``projects[].city`` → 项目所在市, ``kind = tech_upgrade`` → 项目类型为技术改造), a named reading's id
    becomes 默认读法 (its text is shown where the reading is), ``as_of`` becomes 评估日期, and the
    English quality marks go (the source quality is said once per document)."""
    text = _ENGLISH_MARK.sub("", text)
    text = _ASSUMPTION_REF.sub("默认读法", text)
    text = _PATH_IN_TEXT.sub(_path_words, text)
    for term, word in TERM_LABELS.items():
        text = re.sub(rf" ?(?<![A-Za-z_]){term}(?![A-Za-z_]) ?", word, text)
    return text


@cache
def code_words() -> dict[str, str]:
    """Every enumerated value the engine reports → its Chinese word: the profile's choices (but the
    ambiguous ``other``), enterprise sizes and the 300号 industries (``industry`` → 工业)."""
    from huiqi.geo.sme import size_categories, size_thresholds

    words = {code: word for choices in CHOICE_LABELS.values() for code, word in choices.items() if code != "other"}
    words.update(SIZE_LABELS)
    for category in size_categories():
        words.setdefault(category, size_thresholds(category).label)
    return words
