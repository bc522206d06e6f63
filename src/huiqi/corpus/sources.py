"""What the compilation contains: where each document starts, and what the text says about it.

The source is one PDF extraction of a 2021-11 compilation. :data:`SEGMENTS` cuts it into parts by
the first line of each part (matched in order, each search starting after the previous match), and
:data:`DOCUMENTS` gives each document its id, kind, number and dates. Dates are read off the text
by hand and each ``validity_note`` says where; ``tests/corpus`` checks that the cited words are
in the clauses they name.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

SOURCE_NAME = "gd-industrial-policy-compilation-2021-11.md"


@dataclass(frozen=True)
class Segment:
    """A run of source lines: ``part`` is cover, body, annex, garbled-annex, or skip."""

    doc: str
    part: str
    marker: str  # the start of the segment's first line (stripped)
    annex: int = 0
    heading: str = ""


SEGMENTS: list[Segment] = [
    Segment("", "skip", "# 广东省工业和信息化政策"),
    Segment("tech-upgrade-filing", "cover", "# 广东省工业和信息化厅关于印发《广东省 工业和信息化厅"),
    Segment("tech-upgrade-filing", "body", "# 广东省工业和信息化厅关于 企业技术改造投资项目"),
    Segment("tech-upgrade-filing-interp", "body", "# 广东省工业和信息化厅关于企业技术改造投资项目"),
    Segment("tech-upgrade-fund", "cover", "**广东省工业和信息化厅 广东省财政厅"),
    Segment("tech-upgrade-fund", "body", "# 广东省工业和信息化厅 广东省财政厅 关于先进制造业"),
    Segment("tech-upgrade-fund-interp", "body", "# 《广东省工业和信息化厅 广东省财政厅"),
    Segment("inclusive-investment", "cover", "# 广东省工业和信息化厅 广东省财政厅 印发"),
    Segment("inclusive-investment", "body", "# 广东省先进制造业发展专项资金 (普惠性"),
    Segment("manufacturing-14fyp", "cover", "# 广东省人民政府关于印发广东省制造业 高质量"),
    Segment("", "skip", "# 广东省制造业高质量发展 “十四五”规划"),
    Segment("manufacturing-14fyp", "body", "# 前 言"),
    Segment("manufacturing-14fyp", "garbled-annex", "## “十四五”时期全省制造业总体空间布局图", 1,
            "“十四五”时期全省制造业总体空间布局图"),
    Segment("manufacturing-14fyp", "annex", "## 规划环境影响说明", 2, "规划环境影响说明"),
    Segment("little-giant-2021", "body", "# 工业和信息化部办公厅关于开展第三批专精特新"),
    Segment("gd-srdi-2020", "cover", "# 广东省工业和信息化厅关于 印发《"),
    Segment("gd-srdi-2020", "body", "# 广东省工业和信息化厅 专精特新中小企业遴选办法"),
    Segment("srdi-listing", "cover", "**广东省工业和信息化厅 中国证券监督管理委员会"),
    Segment("srdi-listing", "body", "# 支持“专精特新”中小企业挂牌上市融资服务方案"),
    Segment("digital-transformation-plan", "cover", "# 广东省人民政府关于印发广东省制造业数字化"),
    Segment("digital-transformation-plan", "body", "# 广东省制造业数字化转型实施方案"),
    Segment("digital-transformation-plan", "annex", "# 广东省制造业数字化转型实施方案", 1, "工作分工表"),
    Segment("digital-transformation-plan", "glossary", "## 名词解释", 2, "名词解释"),
    Segment("digital-transformation-measures", "body", "# 广东省制造业数字化转型若干政策措施"),
    Segment("digital-transformation-measures", "annex", "## 附件", 1, "政策措施任务分工表"),
    Segment("digital-transformation-plan-interp", "body", "# 广东省制造业数字化转型实施方案及若干"),
    Segment("digital-benchmark-2021", "body", "# 广东省工业和信息化厅关于开展 2022"),
    Segment("digital-economy-regulation", "cover", "# 广东省第十三届人民代表大会常务委员会"),
    Segment("digital-economy-regulation", "body", "# 广东省数字经济促进条例"),
    Segment("digital-economy-regulation-press", "press", "# 《广东省数字经济促进条例》"),
]

#: per-document parser: regulations have 章/节/条; outlines 一、（一）1.（1）; press records turns
PARSER = {
    "regulation": "regulation",
    "notice": "outline",
    "plan": "outline",
    "interpretation": "outline",
    "press": "press",
}


@dataclass(frozen=True)
class DocMeta:
    """What the text says about a document; ``validity_note`` cites where each date comes from."""

    id: str
    kind: str
    title: str
    short_title: str
    number: str | None
    issuer: str | None
    issue_date: str | None
    effective_date: str | None
    expiry_date: str | None
    validity_note: str
    interprets: str | None = None
    related: tuple[str, ...] = ()
    shares_cover_with: str | None = None
    notes: tuple[str, ...] = field(default_factory=tuple)

    def fields(self) -> dict[str, Any]:
        return {
            "id": self.id, "kind": self.kind, "title": self.title, "short_title": self.short_title,
            "number": self.number, "issuer": self.issuer, "issue_date": self.issue_date,
            "effective_date": self.effective_date, "expiry_date": self.expiry_date,
            "validity_note": self.validity_note, "interprets": self.interprets,
            "related": list(self.related), "notes": list(self.notes),
        }


GDII = "广东省工业和信息化厅"
GDII_FIN = "广东省工业和信息化厅、广东省财政厅"
GDGOV = "广东省人民政府"

DOCUMENTS: list[DocMeta] = [
    DocMeta(
        "tech-upgrade-filing", "regulation",
        "广东省工业和信息化厅关于企业技术改造投资项目核准和备案管理的实施细则（试行）",
        "技改项目核准和备案实施细则", "粤工信规字〔2021〕2号", GDII,
        "2021-08-25", "2021-09-01", "2022-08-31",
        "印发通知落款2021年8月25日，通知称“实施期限1年”；第三十七条“本实施细则自2021年9月1日起施行，"
        "有效期1年”，故有效期至2022年8月31日。",
        notes=("重新印发粤工信规字〔2019〕3号（2019年9月1日起试行两年）。",),
    ),
    DocMeta(
        "tech-upgrade-filing-interp", "interpretation",
        "《广东省工业和信息化厅关于企业技术改造投资项目核准和备案管理的实施细则（试行）》政策解读材料",
        "技改项目核准和备案实施细则解读", None, GDII, None, None, None,
        "解读材料未载明日期；所解读细则的施行期见 tech-upgrade-filing。",
        interprets="tech-upgrade-filing",
        notes=("解读称《细则》“共36条”，正文实为37条；“三、主要内容”中“（五）关于‘附则’”与前一项编号重复。",),
    ),
    DocMeta(
        "tech-upgrade-fund", "regulation",
        "广东省工业和信息化厅 广东省财政厅关于先进制造业发展专项资金（企业技术改造）管理实施细则",
        "技改资金管理实施细则", "粤工信规字〔2021〕5号", GDII_FIN,
        "2021-10-09", "2022-01-01", "2026-12-31",
        "文号与印发日期见印发通知（粤工信规字〔2021〕5号，2021年10月9日）；第二十六条“本细则自2022年1月1日起"
        "施行，有效期5年”，故有效期至2026年12月31日。",
    ),
    DocMeta(
        "tech-upgrade-fund-interp", "interpretation",
        "《广东省工业和信息化厅 广东省财政厅关于先进制造业发展专项资金企业技术改造管理实施细则》解读",
        "技改资金管理实施细则解读", None, GDII_FIN, None, None, None,
        "解读未载明日期；所解读细则的施行期见 tech-upgrade-fund。",
        interprets="tech-upgrade-fund",
    ),
    DocMeta(
        "inclusive-investment", "regulation",
        "广东省先进制造业发展专项资金（普惠性制造业投资奖励）管理实施细则",
        "普惠性制造业投资奖励管理实施细则", "粤工信技改函〔2021〕45号", GDII_FIN,
        "2021-09-03", "2021-09-03", "2026-09-02",
        "第三十一条“本细则自发布之日起施行，有效期5年”；发布日期取印发通知落款2021年9月3日，故有效期至"
        "2026年9月2日。奖励对象为2021年1月1日至2025年12月31日期间的投资（第十一条、第十三条）。",
    ),
    DocMeta(
        "manufacturing-14fyp", "plan",
        "广东省制造业高质量发展“十四五”规划",
        "制造业高质量发展“十四五”规划", "粤府〔2021〕53号", GDGOV,
        "2021-07-30", "2021-07-30", "2025-12-31",
        "印发通知落款2021年7月30日，未另定施行日期，自印发之日起实施；规划期为“十四五”（2021—2025年），"
        "以2025年12月31日为期末。",
    ),
    DocMeta(
        "little-giant-2021", "notice",
        "工业和信息化部办公厅关于开展第三批专精特新“小巨人”企业培育工作的通知",
        "第三批专精特新“小巨人”培育通知", "工信厅企业函〔2021〕79号", "工业和信息化部办公厅",
        "2021-04-19", "2021-04-19", None,
        "通知落款2021年4月19日，未载明施行日期和有效期，以落款日期起适用；企业申报期为2021年4月28日至"
        "5月6日（五、（三）2），“小巨人”企业有效期为3年（四、（五））。",
    ),
    DocMeta(
        "gd-srdi-2020", "regulation",
        "广东省工业和信息化厅专精特新中小企业遴选办法",
        "专精特新中小企业遴选办法", "粤工信规字〔2020〕3号", GDII,
        "2020-01-20", "2020-02-15", "2025-02-14",
        "印发通知落款2020年1月20日；第十五条“本办法自2020年2月15日起实施，有效期5年”，故有效期至"
        "2025年2月14日。",
    ),
    DocMeta(
        "srdi-listing", "plan",
        "支持“专精特新”中小企业挂牌上市融资服务方案",
        "专精特新中小企业挂牌上市融资服务方案", None,
        "广东省工业和信息化厅、中国证券监督管理委员会广东监管局、上海证券交易所、深圳证券交易所、"
        "全国中小企业股份转让系统有限责任公司",
        "2021-02-26", "2021-02-26", None,
        "印发通知落款2021年2月26日，未载明文号、施行日期和有效期（方案提出“力争未来五年”的目标）。",
    ),
    DocMeta(
        "digital-transformation-plan", "plan",
        "广东省制造业数字化转型实施方案（2021—2025年）",
        "制造业数字化转型实施方案", "粤府〔2021〕45号", GDGOV,
        "2021-06-30", "2021-06-30", "2025-12-31",
        "与若干政策措施一同由粤府〔2021〕45号印发（落款2021年6月30日）；方案期限见标题“2021—2025年”，"
        "以2025年12月31日为期末。",
        related=("digital-transformation-measures",),
    ),
    DocMeta(
        "digital-transformation-measures", "plan",
        "广东省制造业数字化转型若干政策措施",
        "制造业数字化转型若干政策措施", "粤府〔2021〕45号", GDGOV,
        "2021-06-30", "2021-06-30", "2024-06-29",
        "与实施方案一同由粤府〔2021〕45号印发（落款2021年6月30日）；正文末句“本政策措施自发布之日起三年内"
        "有效”，故有效期至2024年6月29日。",
        related=("digital-transformation-plan",),
        shares_cover_with="digital-transformation-plan",
    ),
    DocMeta(
        "digital-transformation-plan-interp", "interpretation",
        "广东省制造业数字化转型实施方案及若干政策措施解读",
        "制造业数字化转型实施方案及若干政策措施解读", None, None, None, None, None,
        "解读未载明日期和发布机关；所解读文件见 digital-transformation-plan 与 "
        "digital-transformation-measures。",
        interprets="digital-transformation-plan",
        related=("digital-transformation-measures",),
    ),
    DocMeta(
        "digital-benchmark-2021", "notice",
        "广东省工业和信息化厅关于开展2022年省级促进经济高质量发展专项资金"
        "制造业数字化转型标杆示范项目入库储备的通知",
        "数字化转型标杆示范项目入库通知", "粤工信工业互联网函〔2021〕32号", GDII,
        "2021-06-22", "2021-06-22", None,
        "通知落款2021年6月22日，未载明施行日期和有效期；各地市须于6月30日前完成申报配置、8月15日前报送"
        "入库情况（五、（一）（二））。",
    ),
    DocMeta(
        "digital-economy-regulation", "regulation",
        "广东省数字经济促进条例",
        "数字经济促进条例", "广东省第十三届人民代表大会常务委员会公告（第85号）",
        "广东省人民代表大会常务委员会",
        "2021-07-30", "2021-09-01", None,
        "2021年7月30日省十三届人大常委会第三十三次会议通过并公告（第85号）；第七十二条“本条例自2021年9月1日"
        "起施行”，未定有效期。",
    ),
    DocMeta(
        "digital-economy-regulation-press", "press",
        "《广东省数字经济促进条例》新闻发布会实录",
        "数字经济促进条例新闻发布会实录", None, "广东省人民代表大会常务委员会",
        "2021-08-24", None, None,
        "实录题注“2021年8月24日”，为发布会日期。",
        interprets="digital-economy-regulation",
    ),
]

META = {m.id: m for m in DOCUMENTS}
