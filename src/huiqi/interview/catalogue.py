"""The question catalogue: each §5 field asked in the person's words.

Labels, choice words and kinds are not repeated here: they come from the batch label table
(:data:`huiqi.batch.labels.LABELS`, :data:`~huiqi.batch.labels.CHOICE_LABELS`) and the profile model
(:func:`huiqi.batch.fields.field_spec`). What this table adds is the question itself, the unit a
count is asked in and one line saying where the figure is found. Financial years are named as years
("2024 年营业收入"), never as offsets from the assessment date.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from huiqi.batch.fields import field_spec
from huiqi.batch.labels import CHOICE_LABELS, LABELS, pattern_of

#: the answer to ``projects[i].kind`` that says there is no (further) project
NO_PROJECT = "none"

_FIN = "（万元，取年度财务报表或审计报告数）"


@dataclass(frozen=True)
class Entry:
    question: str
    help: str = ""
    unit: str = ""


#: §5 pattern → question, help, unit (for counts; money is always 万元). ``{year}`` is the year asked.
QUESTIONS: dict[str, Entry] = {
    "enterprise.city": Entry("企业注册在哪个地级以上市？", "营业执照“住所”一栏；省外的企业写所在城市"),
    "enterprise.industry_code": Entry(
        "企业的国民经济行业代码是什么？", "GB/T 4754-2017，如 C3984；可在统计局“一套表”或纳税申报的行业信息中查到"
    ),
    "enterprise.registered_in_guangdong": Entry("企业是否在广东省内登记注册？", "看营业执照的登记机关"),
    "enterprise.operating_in_guangdong": Entry("企业是否在广东省内生产经营？", "主要生产经营场所在广东即为“是”"),
    "enterprise.independent_legal_person": Entry(
        "企业是否具有独立法人资格？", "有限公司、股份公司为“是”；分公司为“否”"
    ),
    "enterprise.established": Entry("企业的成立日期是哪天？", "营业执照上的“成立日期”"),
    "enterprise.employees": Entry("上年末企业从业人员有多少人？", "统计报表“从业人员期末人数”或社保缴纳人数", "人"),
    "enterprise.rd_staff": Entry("企业的研发人员有多少人？", "研发费用加计扣除台账或高企申报中的研发人员数", "人"),
    "enterprise.degree_or_title_staff": Entry(
        "本科以上学历或中级以上职称的员工有多少人？", "按人事档案统计，同一人只算一次", "人"
    ),
    "enterprise.financials.*.revenue": Entry("{year} 年营业收入是多少？", "利润表第一行“营业收入”" + _FIN),
    "enterprise.financials.*.main_business_revenue": Entry(
        "{year} 年主营业务收入是多少？", "利润表附注或审计报告中营业收入的“主营业务收入”" + _FIN
    ),
    "enterprise.financials.*.total_profit": Entry("{year} 年利润总额是多少？", "利润表“利润总额”一行" + _FIN),
    "enterprise.financials.*.net_profit": Entry("{year} 年净利润是多少？", "利润表“净利润”一行，亏损填负数" + _FIN),
    "enterprise.financials.*.total_assets": Entry("{year} 年末资产总额是多少？", "资产负债表“资产总计”期末数" + _FIN),
    "enterprise.financials.*.total_liabilities": Entry(
        "{year} 年末负债总额是多少？", "资产负债表“负债合计”期末数" + _FIN
    ),
    "enterprise.financials.*.rd_expense": Entry(
        "{year} 年研发经费支出是多少？", "利润表“研发费用”，或研发费用加计扣除申报的研发支出" + _FIN
    ),
    "enterprise.equity_financing_2y_wan": Entry(
        "近两年新增股权融资（实缴）共多少万元？", "按验资报告或工商变更登记的实缴出资计；没有填 0"
    ),
    "enterprise.ip.invention_patents": Entry(
        "与主要产品相关的有效发明专利有几项？", "国家知识产权局专利检索，只计有效的", "项"
    ),
    "enterprise.ip.ic_layouts": Entry("有几项集成电路布图设计专有权？", "国家知识产权局布图设计登记证书", "项"),
    "enterprise.ip.utility_model_patents": Entry(
        "与主要产品相关的有效实用新型专利有几项？", "专利证书，只计有效的", "项"
    ),
    "enterprise.ip.design_patents": Entry("与主要产品相关的有效外观设计专利有几项？", "专利证书，只计有效的", "项"),
    "enterprise.ip.software_copyrights": Entry(
        "与主要产品相关的软件著作权有几项？", "中国版权保护中心的登记证书", "项"
    ),
    "enterprise.specialization.years_in_niche": Entry(
        "企业从事目前这个细分市场有几年了？", "从开始生产主导产品算起", "年"
    ),
    "enterprise.specialization.market_share_rank_province": Entry(
        "主导产品在全省细分市场排第几名？", "行业协会或第三方机构的排名；不清楚可选“不知道”", "名"
    ),
    "enterprise.specialization.key_supplier": Entry(
        "主导产品是否为大企业、大项目的关键零部件、元器件或重要配套产品？", "有配套合同或供应商认证即可"
    ),
    "enterprise.specialization.leading_talent": Entry(
        "企业是否拥有行业领军人才或省、市引进的高层次人才？", "人才认定证书"
    ),
    "enterprise.refinement.quality_mgmt_cert": Entry(
        "企业是否通过质量管理体系认证（如 ISO 9001）？", "认证证书在有效期内"
    ),
    "enterprise.refinement.ip_mgmt_cert": Entry("企业是否通过知识产权管理体系认证？", "GB/T 29490 认证证书"),
    "enterprise.refinement.own_brand": Entry("企业是否拥有自主品牌？", "以企业名义注册的商标"),
    "enterprise.refinement.standard_level": Entry("主导产品执行的标准达到什么水平？", "产品标准或检测报告"),
    "enterprise.refinement.satisfaction_or_traceability": Entry(
        "企业是否建立顾客满意度测评机制或产品追溯体系？", "有制度文件或系统即可"
    ),
    "enterprise.refinement.mgmt_system_cert": Entry(
        "企业是否通过相关管理体系认证（环境、职业健康安全等）？", "认证证书在有效期内"
    ),
    "enterprise.refinement.follows_standards": Entry(
        "产品生产是否执行国际、国家或行业标准？", "产品包装或检测报告上的标准号"
    ),
    "enterprise.refinement.foreign_product_cert": Entry(
        "产品是否通过发达国家和地区的产品认证（如 CE、UL）？", "认证证书"
    ),
    "enterprise.specialty.regional_specialty": Entry(
        "企业是否利用当地特有资源生产地域特色产品或服务？", "如地理标志产品"
    ),
    "enterprise.specialty.unique_process": Entry(
        "企业是否拥有独有、可持续的工艺、技术或配方？", "专利、技术秘密或工艺文件"
    ),
    "enterprise.specialty.famous_brand": Entry(
        "企业是否拥有有效期内的中华老字号、驰名商标或省级以上名牌产品？", "相关认定文件"
    ),
    "enterprise.innovation.standards_drafted": Entry(
        "企业是否主持或参与制修订过国际、国家、行业或团体标准？", "标准文本的起草单位名单"
    ),
    "enterprise.innovation.postdoc_station": Entry("企业是否设有博士后工作站？", "人社部门的设站批文"),
    "enterprise.innovation.rd_institution": Entry("企业的研发机构是什么级别？", "技术中心、工程中心等的认定文件"),
    "enterprise.innovation.info_system_core_business": Entry(
        "企业是否至少有一项核心业务采用信息系统支撑（如 ERP、MES）？", ""
    ),
    "enterprise.innovation.key_field": Entry(
        "主导产品是否属于专精特新“小巨人”通知列出的重点领域？", "见通知“二、重点领域”"
    ),
    "enterprise.innovation.major_breakthrough": Entry(
        "企业的创新成果是否属于重点领域关键技术并取得重大突破？", "成果鉴定或获奖证明"
    ),
    "enterprise.status.srdi_provincial": Entry(
        "企业是否为有效期内的广东省专精特新中小企业？", "省工业和信息化厅公布的名单"
    ),
    "enterprise.status.srdi_cultivated": Entry("企业是否为省级重点培育的中小企业？", "省工业和信息化厅公布的名单"),
    "enterprise.status.other_strong_innovator": Entry(
        "企业是否属于其他创新能力强、市场竞争优势突出的中小企业？", "由推荐部门认定"
    ),
    "enterprise.status.high_growth_sme_valid": Entry(
        "企业是否为有效期内的广东省高成长中小企业？", "省工业和信息化厅公布的名单"
    ),
    "enterprise.status.single_champion": Entry("企业或其产品是否已列为制造业单项冠军？", "工业和信息化部公布的名单"),
    "enterprise.compliance.false_information": Entry("企业是否曾在申报中提供虚假信息？", "如实回答，“是”表示发生过"),
    "enterprise.compliance.major_accident_3y": Entry(
        "近三年企业是否发生过重大安全、质量或环境事故？", "如实回答，“是”表示发生过"
    ),
    "enterprise.compliance.major_accident_5y": Entry(
        "近五年企业是否发生过重大安全、质量或环境事故？", "如实回答，“是”表示发生过"
    ),
    "enterprise.compliance.serious_env_violation": Entry("企业是否有严重环境违法行为？", "如实回答，“是”表示发生过"),
    "enterprise.compliance.tax_violation": Entry(
        "企业是否有偷漏税或其他违法违规、严重失信行为？", "可在“信用中国”查询"
    ),
    "enterprise.compliance.dishonest_debtor": Entry("企业是否被列为失信被执行人？", "可在中国执行信息公开网查询"),
    "enterprise.compliance.audit_violation_5y": Entry(
        "近五年在专项审计、绩效评价或监督检查中，企业是否有较为严重的违法违规？", "如实回答，“是”表示发生过"
    ),
    "enterprise.compliance.overdue_unaccepted_project": Entry(
        "企业是否有省工业和信息化厅财政专项资金项目逾期未验收？", "如实回答，“是”表示存在"
    ),
    "enterprise.priority_field": Entry(
        "企业是否属于专精特新遴选办法第三条列出的优先遴选领域？", "见粤工信规字〔2020〕3号 第三条"
    ),
    "enterprise.conforms_industrial_policy": Entry(
        "企业的主营业务和发展重点是否符合国家产业政策？", "对照《产业结构调整指导目录》，不属于限制、淘汰类即为“是”"
    ),
    "enterprise.sound_accounting": Entry("企业是否具备健全的财务会计核算和管理制度？", "有规范账簿并按时申报纳税即可"),
    "project.kind": Entry("企业有正在申报或准备申报的投资项目吗？是哪一类？", "技术改造、制造业投资或数字化转型项目"),
    "project.city": Entry("项目建在哪个地级以上市？", "备案证或核准文件上的建设地点"),
    "project.management": Entry("项目是备案、核准还是审批管理？", "投资项目在线审批监管平台上的项目信息"),
    "project.prohibited_by_policy": Entry(
        "项目是否属于产业政策禁止投资建设的项目？", "对照《产业结构调整指导目录》淘汰类"
    ),
    "project.filed_on": Entry("项目的备案日期是哪天？", "备案证上的日期"),
    "project.approved_on": Entry("项目的核准日期是哪天？", "核准文件上的日期"),
    "project.planned_start": Entry("备案证（核准文件）上的计划开工日期是哪天？", "备案证或核准文件上的建设期"),
    "project.planned_completion": Entry("备案证（核准文件）上的计划完工日期是哪天？", "备案证或核准文件上的建设期"),
    "project.filing_changed": Entry(
        "项目的备案证（核准文件）是否办理过变更？", "投资项目在线审批监管平台的变更记录；没有变更选“否”"
    ),
    "project.filing_change_submitted_on": Entry("备案证变更是哪天提交的？", "在线审批监管平台上提交变更申请的日期"),
    "project.previous_planned_start": Entry(
        "变更前的备案证上，计划开工日期是哪天？", "变更前那张备案证（核准文件）上的建设期"
    ),
    "project.previous_planned_completion": Entry(
        "变更前的备案证上，计划完工日期是哪天？", "变更前那张备案证（核准文件）上的建设期"
    ),
    "project.started_on": Entry("项目实际开工日期是哪天？", "开工报告"),
    "project.completed_on": Entry("项目实际完工日期是哪天？", "竣工验收报告；尚未完工选“不知道”"),
    "project.total_investment_wan": Entry("项目（立项）总投资是多少万元？", "备案证或核准文件上的总投资"),
    "project.equipment_purchase_wan": Entry(
        "项目实际购置的设备（含软件）共多少万元？", "设备购置发票合计；只计符合条件的设备"
    ),
    "project.in_tech_upgrade_statistics": Entry(
        "项目投资是否已纳入技术改造投资统计？", "问当地统计部门或看统计联网直报"
    ),
    "project.received_provincial_funding": Entry("项目或所报设备是否已获省财政资金支持？", "以往的资金下达文件"),
    "project.pre_reward_2019.approved_wan": Entry("2019 年度设备事前奖励核定了多少万元？", "2019 年资金下达文件"),
    "project.pre_reward_2019.planned_equipment_wan": Entry(
        "2019 年度事前奖励申报时计划的设备投资是多少万元？", "2019 年申报材料"
    ),
    "project.pre_reward_2019.accepted": Entry("2019 年度事前奖励项目是否已通过验收？", "验收意见"),
    "project.pre_reward_2019.completed_on_time": Entry("2019 年度事前奖励项目是否按期完工？", "竣工验收报告"),
    "project.fyp_completed_investment_wan": Entry("“十四五”期间项目已完成总投资多少万元？", "固定资产投资统计数"),
    "project.new_fai_declared_wan": Entry("申报期内新增实际固定资产投资额是多少万元？", "即申报奖励的投资额"),
    "project.new_fai_in_stats_wan": Entry("相应期间已纳入统计的工业固定资产投资额是多少万元？", "统计联网直报数据"),
    "project.received_major_project_reward": Entry("项目是否已获省重大制造业项目投资奖励？", "以往的资金下达文件"),
    "project.direction": Entry("数字化转型项目申报哪个方向？", "申报通知列出的三个方向之一"),
    "project.investment_ex_tax_wan": Entry("项目投入费用（不含税）共多少万元？", "发票金额合计，不含税"),
    "project.it_investment_wan": Entry("其中信息化投入多少万元？", "软件、系统、网络等投入的发票合计，不含税"),
    "project.build_start": Entry("项目建设开始日期（以第一张发票为准）是哪天？", "最早一张发票的开票日期"),
    "project.build_end": Entry("项目建设结束日期（以最后一张发票为准）是哪天？", "最晚一张发票的开票日期"),
    "project.core_suppliers": Entry(
        "项目带动多少家省内核心供应链制造企业实施统一标准的数字化改造？", "供应链协同方向填写", "家"
    ),
    "project.review_score": Entry("项目的遴选评分是多少分？", "评审结果通知；尚未评审选“不知道”", "分"),
    "project.automation_it_base": Entry("企业是否具备良好的自动化、信息化基础？", ""),
    "project.service_provider_violation_5y": Entry(
        "项目的服务商近五年是否有较为严重的违法违规？", "可在“信用中国”查询服务商"
    ),
    "project.repeated_application": Entry("项目是否重复申报或多头申报？", "同一项目同时申报其他省级资金即为“是”"),
    "project.other_direction_this_year": Entry("企业本年度是否已申报其他数字化转型方向？", ""),
}

_PROJECT = re.compile(r"^projects\[(\d+)\]\.(.+)$")
YEAR = re.compile(r"^enterprise\.financials\.(\d{4})\.")


def row_path(path: str) -> tuple[int | None, str]:
    """``projects[1].kind`` → ``(1, "project.kind")``; enterprise paths → ``(None, path)``."""
    match = _PROJECT.match(path)
    if match:
        return int(match.group(1)), f"project.{match.group(2)}"
    return None, path


def answer_path(row: str, project: int | None) -> str:
    """The inverse of :func:`row_path`."""
    if row.startswith("project."):
        return f"projects[{project}].{row[len('project.') :]}"
    return row


@cache
def is_askable(path: str) -> bool:
    """A §5 field the interview can ask (identifiers, names and events are not asked)."""
    _, row = row_path(path)
    pattern = pattern_of(row)
    return pattern in LABELS and pattern not in ("project.id", "project.events") and _spec(row) is not None


def _spec(row: str) -> Any:
    try:
        return field_spec(row)
    except KeyError:
        return None


TYPES = {"money": "number", "decimal": "number", "int": "integer", "bool": "bool", "date": "date", "str": "text"}


def question(path: str, decides: list[str]) -> dict[str, Any]:
    """The §10 ``question`` object for one field path."""
    index, row = row_path(path)
    pattern = pattern_of(row)
    spec = field_spec(row)
    entry = QUESTIONS.get(pattern, Entry(f"{LABELS.get(pattern, path)}？"))
    year = YEAR.match(row)
    label = LABELS.get(pattern, path)
    if year:
        label = f"{year.group(1)} 年{label}"
    if index is not None and index > 0:
        label = f"第 {index + 1} 个项目：{label}"
    words = CHOICE_LABELS.get(pattern, {})
    options: list[dict[str, Any]] | None = None
    kind = TYPES.get(spec.kind, "text")
    if spec.choices:
        kind = "choice"
        options = [{"value": c, "label": words.get(c, c)} for c in spec.choices]
    if pattern == "project.kind":
        none = "没有项目" if index == 0 else "没有其他项目"
        options = [*(options or []), {"value": NO_PROJECT, "label": none}]
    text = entry.question.format(year=year.group(1) if year else "")
    if pattern == "project.kind" and index:
        text = "还有其他正在申报或准备申报的项目吗？是哪一类？"
    unit = "万元" if spec.kind == "money" else entry.unit
    return {
        "field": path,
        "label": label,
        "text": text,
        "type": kind,
        "unit": unit or None,
        "options": options,
        "help": entry.help,
        "decides": decides,
    }

