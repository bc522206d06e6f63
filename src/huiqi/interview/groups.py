"""Grouped questions: fields a person reads off one document (or one list) in one go, asked as one
question (one screen, an input per field).

The interview ranks fields one by one; the field ranked first is asked together with the other fields
of its group that can still change a status (:func:`huiqi.interview.core.step`). A group is named by
its pattern list here, per financial year and per project (:func:`group_key`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from huiqi.batch.labels import pattern_of
from huiqi.interview.catalogue import YEAR, question, row_path


@dataclass(frozen=True)
class Group:
    """Fields a person reads off one document (or one list) in one go, asked as one question."""

    title: str
    help: str
    patterns: tuple[str, ...]
    #: a list of things that should not have happened: "以上都没有" answers every one "否"
    checklist: bool = False


_REPORT = "填写，单位万元；不清楚的一项勾选“不知道”"
_FILING = "备案证（核准文件）"

#: group name → group; a field in no group is asked on its own. A field that decides whether another
#: one matters (``project.filing_changed`` for the dates before the change, ``project.management`` for
#: the filing or approval date) is kept out of that field's group, so a group never asks what an
#: earlier input of the same screen makes irrelevant.
GROUPS: dict[str, Group] = {
    "income": Group(
        "{year} 年利润表上的数字",
        "照当年的利润表（或审计报告）" + _REPORT,
        tuple(
            f"enterprise.financials.*.{k}"
            for k in ("revenue", "main_business_revenue", "total_profit", "net_profit", "rd_expense")
        ),
    ),
    "balance": Group(
        "{year} 年末资产负债表上的数字",
        "照当年末的资产负债表（期末数）" + _REPORT,
        ("enterprise.financials.*.total_assets", "enterprise.financials.*.total_liabilities"),
    ),
    "staff": Group(
        "企业的人员情况",
        "统计报表、社保缴纳名单或人事档案",
        ("enterprise.employees", "enterprise.rd_staff", "enterprise.degree_or_title_staff"),
    ),
    "basics": Group(
        "企业的基本情况",
        "看营业执照；产业政策对照《产业结构调整指导目录》",
        (
            "enterprise.city",
            "enterprise.industry_code",
            "enterprise.registered_in_guangdong",
            "enterprise.operating_in_guangdong",
            "enterprise.independent_legal_person",
            "enterprise.established",
            "enterprise.conforms_industrial_policy",
            "enterprise.sound_accounting",
        ),
    ),
    "ip": Group(
        "企业拥有的知识产权",
        "只计有效的、与主要产品相关的；没有填 0",
        tuple(
            f"enterprise.ip.{k}"
            for k in (
                "invention_patents",
                "ic_layouts",
                "utility_model_patents",
                "design_patents",
                "software_copyrights",
            )
        ),
    ),
    "status": Group(
        "企业已列入下列哪些名单？",
        "省工业和信息化厅、工业和信息化部公布的名单",
        tuple(
            f"enterprise.status.{k}"
            for k in (
                "srdi_provincial",
                "srdi_cultivated",
                "other_strong_innovator",
                "high_growth_sme_valid",
                "single_champion",
            )
        ),
    ),
    "compliance": Group(
        "企业是否有下列情形？",
        "如实回答，“是”表示发生过；可在“信用中国”、中国执行信息公开网查询",
        tuple(
            f"enterprise.compliance.{k}"
            for k in (
                "false_information",
                "major_accident_3y",
                "major_accident_5y",
                "serious_env_violation",
                "tax_violation",
                "dishonest_debtor",
                "audit_violation_5y",
                "overdue_unaccepted_project",
            )
        ),
        checklist=True,
    ),
    "specialization": Group(
        "主导产品和细分市场",
        "行业协会排名、配套合同、人才认定证书",
        tuple(
            f"enterprise.specialization.{k}"
            for k in ("years_in_niche", "market_share_rank_province", "key_supplier", "leading_talent")
        ),
    ),
    "refinement": Group(
        "企业的认证和标准",
        "认证证书、产品标准或检测报告",
        tuple(
            f"enterprise.refinement.{k}"
            for k in (
                "quality_mgmt_cert",
                "ip_mgmt_cert",
                "own_brand",
                "standard_level",
                "satisfaction_or_traceability",
                "mgmt_system_cert",
                "follows_standards",
                "foreign_product_cert",
            )
        ),
    ),
    "specialty": Group(
        "企业的特色",
        "地理标志、专利或技术秘密、老字号或名牌认定文件",
        tuple(f"enterprise.specialty.{k}" for k in ("regional_specialty", "unique_process", "famous_brand")),
    ),
    "innovation": Group(
        "企业的创新能力",
        "标准文本、设站批文、研发机构认定文件",
        tuple(
            f"enterprise.innovation.{k}"
            for k in (
                "standards_drafted",
                "postdoc_station",
                "rd_institution",
                "info_system_core_business",
                "key_field",
                "major_breakthrough",
            )
        ),
    ),
    "filing": Group(
        "项目" + _FILING + "上的信息和实际建设进度",
        "投资项目在线审批监管平台上的项目信息，开工报告、竣工验收报告（尚未完工的一项勾选“不知道”）",
        tuple(
            f"project.{k}"
            for k in (
                "filed_on",
                "approved_on",
                "planned_start",
                "planned_completion",
                "total_investment_wan",
                "filing_changed",
                "started_on",
                "completed_on",
            )
        ),
    ),
    "project": Group("项目的基本情况", "备案证或核准文件", ("project.city", "project.management")),
    "previous_filing": Group(
        "变更前后的" + _FILING,
        "投资项目在线审批监管平台的变更记录",
        ("project.filing_change_submitted_on", "project.previous_planned_start", "project.previous_planned_completion"),
    ),
    "pre_reward_2019": Group(
        "2019 年度设备事前奖励的情况",
        "2019 年申报材料、资金下达文件和验收意见",
        tuple(
            f"project.pre_reward_2019.{k}"
            for k in ("approved_wan", "planned_equipment_wan", "accepted", "completed_on_time")
        ),
    ),
    "investment": Group(
        "项目的投资和统计",
        "设备购置发票、固定资产投资统计数（统计联网直报）和申报材料",
        tuple(
            f"project.{k}"
            for k in (
                "equipment_purchase_wan",
                "in_tech_upgrade_statistics",
                "fyp_completed_investment_wan",
                "new_fai_declared_wan",
                "new_fai_in_stats_wan",
            )
        ),
    ),
    "invoices": Group(
        "项目的发票",
        "按发票（不含税）合计；建设起止以第一张、最后一张发票的日期为准",
        tuple(f"project.{k}" for k in ("investment_ex_tax_wan", "it_investment_wan", "build_start", "build_end")),
    ),
    "project_checklist": Group(
        "项目是否有下列情形？",
        "如实回答，“是”表示存在",
        tuple(
            f"project.{k}"
            for k in (
                "prohibited_by_policy",
                "received_provincial_funding",
                "received_major_project_reward",
                "repeated_application",
                "other_direction_this_year",
                "service_provider_violation_5y",
            )
        ),
        checklist=True,
    ),
}
_GROUP_OF = {pattern: name for name, group in GROUPS.items() for pattern in group.patterns}
_IN_GROUP = {pattern: i for group in GROUPS.values() for i, pattern in enumerate(group.patterns)}


def group_key(path: str) -> str:
    """The question a field is asked in: its group for that year and project, or the field itself."""
    index, row = row_path(path)
    pattern = pattern_of(row)
    name = _GROUP_OF.get(pattern)
    if name is None:
        return path
    year = YEAR.match(row)
    return f"{name}:{year.group(1) if year else ''}:{'' if index is None else index}"


def group_order(path: str) -> int:
    """A field's place inside its group's screen."""
    return _IN_GROUP.get(pattern_of(row_path(path)[1]), 0)


def grouped(paths: list[str], decides: list[str]) -> dict[str, Any]:
    """The §10 ``question`` for the fields ``paths`` asked as one screen: the lead field's question (the
    first of ``paths``) plus ``fields``, every input (the lead first), and ``group`` (its title, help and
    whether it is a checklist of things that should not have happened; null for a single field)."""
    lead = question(paths[0], decides)
    inputs = [{k: v for k, v in question(p, []).items() if k != "decides"} for p in paths]
    if len(paths) == 1:
        return {**lead, "fields": inputs, "group": None}
    index, row = row_path(paths[0])
    name = _GROUP_OF[pattern_of(row)]
    group = GROUPS[name]
    year = YEAR.match(row)
    title = group.title.format(year=year.group(1) if year else "")
    if index:
        title = f"第 {index + 1} 个项目：{title}"
    about = {"name": name, "title": title, "help": group.help, "checklist": group.checklist}
    return {**lead, "fields": inputs, "group": about}
