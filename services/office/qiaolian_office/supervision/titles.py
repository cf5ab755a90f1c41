"""The titles of the board's items, in Chinese: one template per kind, the record named by its id (or,
where the concept has one that is not personal, by its name: a task's title, an asset's code, a year).

The board is read by all staff and by integrators: the title is the line a clerk reads, `kind` and
`source_id` stay the machine-readable facts. A title names no person (no petitioner, no ID number,
no phone) and no classified subject. A new `BoardItemKind` needs its template here
(`tests/test_board_titles.py` fails without one)."""

from __future__ import annotations

from qiaolian_contracts.board import BoardItemKind

K = BoardItemKind

TITLES: dict[BoardItemKind, str] = {
    K.petition_first_decision: "信访件 {subject}：作出受理决定",
    K.petition_notice: "信访件 {subject}：书面告知",
    K.petition_handling: "信访件 {subject}：出具处理意见",
    K.petition_transfer_acknowledgement: "信访件 {subject}：确认转入",
    K.petition_transfer_objection: "信访件 {subject}：转入异议",
    K.petition_feedback: "信访件 {subject}：转送交办反馈",
    K.petition_review: "信访件 {subject}：作出复查决定",
    K.petition_rereview: "信访件 {subject}：作出复核决定",
    K.federation_election: "侨联组织 {subject}：任期届满，待换届",
    K.congress: "归侨侨眷代表大会 {subject}：召开并选举委员会",
    K.representative_term: "人大代表/政协委员 {subject}：任期届满",
    K.counsel_term: "法律顾问/委员 {subject}：任期届满，续聘或终止",
    K.startup_base: "创新创业基地 {subject}：认定到期",
    K.affiliate_report: "直属社团报告 {subject}：待报送",
    K.member_term: "海外人士任职 {subject}：任期届满",
    K.exchange_base_review: "交流基地 {subject}：待复评",
    K.party_branch_election: "党支部 {subject}：委员会任期届满，待换届",
    K.retiree_visit: "走访离退休干部 {subject}：按计划走访",
    K.committee_term: "委员会 {subject}：任期届满，待换届",
    K.work_plan_item: "外事工作计划事项 {subject}：按期完成",
    K.task: "{subject}",
    K.document: "收文 {subject}：办理",
    K.archive_loan: "档案借阅 {subject}：按期归还",
    K.passport_return: "因公出访 {subject}：交回护照",
    K.calendar_year: "{subject}年节假日安排：请添加国务院公布的安排",
    K.reception: "公务接待 {subject}：待安排",
    K.safety_rectification: "安全检查问题 {subject}：按期整改",
    K.safety_equipment: "安全设施 {subject}：到期检查",
    K.confidential_mail: "机要件 {subject}：按期退还或销毁",
    K.proposal_reply: "提案/建议 {subject}：待承办单位答复",
    K.research_milestone: "调研课题节点 {subject}：按期完成",
    K.major_event_task: "重要活动任务：{subject}",
    K.asset_inventory: "{subject}年度固定资产清查",
    K.asset_handover: "资产移交：{subject}",
}

# kinds whose item is one per record and term: `source_id` is `<record id>:<term end>`
PER_TERM = frozenset({K.federation_election, K.party_branch_election, K.committee_term})
CALENDAR_PREFIX = "holidays-"


def subject_of(kind: BoardItemKind, source_id: str) -> str:
    """What a title names when the handler has nothing better than the item's `source_id`."""
    if kind in PER_TERM:
        return source_id.split(":", 1)[0]
    if kind is K.calendar_year:
        return source_id.removeprefix(CALENDAR_PREFIX)
    return source_id


def board_title(kind: BoardItemKind, subject: str) -> str:
    return TITLES[kind].format(subject=subject)
