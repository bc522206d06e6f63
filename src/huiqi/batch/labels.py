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

YES, NO = "是", "否"
_YEAR_PATH = re.compile(r"^enterprise\.financials\.(\d{4})\.(\w+)$")


def clean_header(text: str) -> str:
    """NFKC, no blanks, ASCII brackets: the form headers are compared in."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(text)))


def pattern_of(path: str) -> str:
    return YEAR_SEGMENT.sub(".*.", path)


def unit_of(path: str) -> str:
    kind = column_kinds().get(pattern_of(path))
    return {"money": "万元", "date": "YYYY-MM-DD", "bool": "是/否"}.get(kind or "", "")


def label_of(path: str) -> str:
    """The Chinese label of a column (with the year for financial columns); the path when unknown."""
    match = _YEAR_PATH.match(path)
    if match:
        return f"{LABELS.get(pattern_of(path), path)}({match.group(1)})"
    return LABELS.get(path, path)


def header_of(path: str) -> str:
    """The header the template writes: label and unit (``设备购置总额(万元)``, ``营业收入(2020)(万元)``)."""
    unit = unit_of(path)
    return f"{label_of(path)}({unit})" if unit in ("万元",) else label_of(path)


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
