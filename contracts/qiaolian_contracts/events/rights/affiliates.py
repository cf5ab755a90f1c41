"""Facts of the bodies rights guides (湖南省僑商會, 湖南省華僑公益基金會): the reports they owe the office."""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from pydantic import Field

from ...envelope import Payload
from ..common import Id


class AffiliatedBody(StrEnum):
    chamber_of_commerce = "chamber_of_commerce"  # 湖南省僑商會
    charity_foundation = "charity_foundation"  # 湖南省華僑公益基金會


class AffiliateReportKind(StrEnum):
    annual_report = "annual_report"  # 年度工作報告
    major_matter = "major_matter"  # 重大事項報告


class AffiliateReportRequested(Payload):
    """A report is expected from an affiliated body by a due date; its subject stays in rights."""

    report_id: Id
    body: AffiliatedBody
    kind: AffiliateReportKind
    year: int = Field(ge=2000, le=2100)
    due_on: date


class AffiliateReportReceived(Payload):
    report_id: Id
    body: AffiliatedBody
    kind: AffiliateReportKind
    received_on: date
    on_time: bool


class AffiliateReportDeadline(Payload):
    """A report passed its due date without being received (`affiliate_report.overdue`)."""

    report_id: Id
    due_on: date
