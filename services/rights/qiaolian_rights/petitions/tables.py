"""The petition table. The petitioner's identity and the matter's text live only here."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from qiaolian_chassis.search import TrigramSearch
from qiaolian_chassis.tables import UtcDateTime

from ..database import Base

# a part of the petitioner's or agent's name (personal: searched only for who sees them, access.py);
# migrations 0015_search15_names and 0019_search15_bigrams build the indexes
PETITION_NAMES = TrigramSearch("petitions", ("petitioner_name", "agent_name"), bigram_chars=100)


class Petition(Base):
    # the columns petition_tallies count load their old value when set (`active_history`), so a flush
    # always knows what a petition counted in before (tallies.py)
    __tablename__ = "petitions"
    __table_args__ = (
        sa.Index("ix_petitions_received", "received_on", "id"),
        sa.Index("ix_petitions_state_received", "state", "received_on", "id"),
        sa.Index("ix_petitions_class_received", "petition_class", "received_on", "id"),
        sa.Index("ix_petitions_channel_received", "channel", "received_on", "id"),
        sa.Index("ix_petitions_category_received", "category", "received_on", "id"),
        sa.Index("ix_petitions_region_received", "region", "received_on", "id"),
        sa.Index("ix_petitions_handler_received", "handler_cadre_id", "received_on", "id"),
        # `needs_handler`'s count (no handler, not closed) from the index alone
        sa.Index("ix_petitions_handler_state", "handler_cadre_id", "state"),
    )

    id: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    channel: Mapped[str] = mapped_column(sa.String(20), active_history=True)
    petitioner_name: Mapped[str] = mapped_column(sa.String(100))
    petitioner_status: Mapped[str] = mapped_column(sa.String(40))
    petition_class: Mapped[str] = mapped_column(
        sa.String(40), active_history=True
    )  # ix_petitions_class_received leads with it
    category: Mapped[str] = mapped_column(sa.String(64), active_history=True)
    summary: Mapped[str] = mapped_column(sa.Text)
    received_on: Mapped[date] = mapped_column(sa.Date, active_history=True)
    first_decision_due: Mapped[date] = mapped_column(sa.Date)
    state: Mapped[str] = mapped_column(sa.String(30), active_history=True)  # ix_petitions_state_received leads with it
    accepted_on: Mapped[date | None] = mapped_column(sa.Date)
    handling_due: Mapped[date | None] = mapped_column(sa.Date)
    handler_cadre_id: Mapped[str | None] = mapped_column(sa.String(64))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    # petitioner: the full ID number is not kept, only its keyed hash (to find a returning petitioner)
    # and its masked form (to show staff which document was seen); phone and address for the notice
    petitioner_id_hash: Mapped[str | None] = mapped_column(sa.String(64), index=True)
    petitioner_id_masked: Mapped[str | None] = mapped_column(sa.String(18))
    # without an ID number: the keyed hash of the normalised name and phone (rules.contact_hash)
    petitioner_contact_hash: Mapped[str | None] = mapped_column(sa.String(64), index=True)
    petitioner_phone: Mapped[str | None] = mapped_column(sa.String(30))
    petitioner_address: Mapped[str | None] = mapped_column(sa.String(300))
    agent_name: Mapped[str | None] = mapped_column(sa.String(100))
    agent_phone: Mapped[str | None] = mapped_column(sa.String(30))
    representatives: Mapped[list[str]] = mapped_column(sa.JSON, default=list, server_default=sa.text("'[]'"))
    region: Mapped[str | None] = mapped_column(
        sa.String(64), active_history=True
    )  # ix_petitions_region_received leads with it
    transferred_from: Mapped[str | None] = mapped_column(sa.String(200))  # the organ that transferred it in
    repeat_of: Mapped[str | None] = mapped_column(sa.String(64), index=True)
    repeat_reason: Mapped[str | None] = mapped_column(sa.Text)  # why staff linked or unlinked it by hand
    # first decision
    decided_on: Mapped[date | None] = mapped_column(sa.Date)
    decided_by: Mapped[str | None] = mapped_column(sa.String(100))  # the signed-in head (cadre id)
    decision_reason: Mapped[str | None] = mapped_column(sa.Text)  # why not accepted, or the objection's reasons
    decision_organ: Mapped[str | None] = mapped_column(sa.String(200))  # competent organ / lower federation
    feedback_due: Mapped[date | None] = mapped_column(sa.Date)
    feedback_on: Mapped[date | None] = mapped_column(sa.Date)
    notice_due: Mapped[date | None] = mapped_column(sa.Date)  # the written notice's own deadline
    notice_sent_on: Mapped[date | None] = mapped_column(sa.Date)
    notice_waived: Mapped[str | None] = mapped_column(sa.String(30))
    acknowledge_due: Mapped[date | None] = mapped_column(sa.Date)
    objection_due: Mapped[date | None] = mapped_column(sa.Date)
    # handling
    extension_days: Mapped[int | None] = mapped_column(sa.Integer)
    extension_approved_by: Mapped[str | None] = mapped_column(sa.String(100))
    extension_reason: Mapped[str | None] = mapped_column(sa.Text)
    opinion: Mapped[str | None] = mapped_column(sa.String(20))
    opinion_issued_on: Mapped[date | None] = mapped_column(sa.Date)
    opinion_delivered_on: Mapped[date | None] = mapped_column(sa.Date)
    review_request_until: Mapped[date | None] = mapped_column(sa.Date)  # 30 days from the delivery
    # review and re-review
    review_requested_on: Mapped[date | None] = mapped_column(sa.Date)
    review_due: Mapped[date | None] = mapped_column(sa.Date)
    review_opinion: Mapped[str | None] = mapped_column(sa.String(20))
    review_decided_on: Mapped[date | None] = mapped_column(sa.Date)
    review_decided_by: Mapped[str | None] = mapped_column(sa.String(100))
    review_opinion_delivered_on: Mapped[date | None] = mapped_column(sa.Date)
    rereview_request_until: Mapped[date | None] = mapped_column(sa.Date)  # 30 days from that delivery
    rereview_requested_on: Mapped[date | None] = mapped_column(sa.Date)
    rereview_due: Mapped[date | None] = mapped_column(sa.Date)
    hearing_started_on: Mapped[date | None] = mapped_column(sa.Date)
    hearing_days: Mapped[int] = mapped_column(sa.Integer, default=0, server_default="0")
    rereview_opinion: Mapped[str | None] = mapped_column(sa.String(20))
    rereview_decided_on: Mapped[date | None] = mapped_column(sa.Date)
    rereview_decided_by: Mapped[str | None] = mapped_column(sa.String(100))
    rereview_opinion_delivered_on: Mapped[date | None] = mapped_column(sa.Date)
    closed_on: Mapped[date | None] = mapped_column(sa.Date)
    waiver_received_on: Mapped[date | None] = mapped_column(sa.Date)  # the written waiver of a (re-)review
    satisfaction: Mapped[str | None] = mapped_column(sa.String(30))
    satisfaction_on: Mapped[date | None] = mapped_column(sa.Date)

    @property
    def notice_pending(self) -> bool:
        """The written notice's deadline runs: opened at filing, neither sent nor waived yet."""
        return bool(self.notice_due and not (self.notice_sent_on or self.notice_waived))

    @property
    def flags(self) -> frozenset[str]:
        """Once-only facts already recorded (guards of the state machine)."""
        return frozenset(
            f
            for f, v in (
                ("notice", self.notice_sent_on or self.notice_waived),
                ("extended", self.extension_days),
                ("satisfaction", self.satisfaction),
                ("rereview_delivered", self.rereview_opinion_delivered_on),
            )
            if v
        )
