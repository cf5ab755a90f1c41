"""Pure rules of personnel: establishment, post levels, cadre states, checklist, notice periods, masking."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from qiaolian_chassis.errors import Conflict, InvalidTransition
from qiaolian_chassis.privacy import mask
from qiaolian_personnel.cadres.rules import CADRES, CadreState
from qiaolian_personnel.commendations.rules import notice_ends_on, require_notice_open, require_notice_over
from qiaolian_personnel.establishment.rules import PostLevel, check_establishment, level_of_title
from qiaolian_personnel.identity_reviews.rules import DEFAULT_CHECKLIST, missing_documents


@given(approved=st.integers(0, 50), occupied=st.integers(0, 60))
def test_an_appointment_fits_exactly_when_a_slot_is_vacant(approved: int, occupied: int) -> None:
    if occupied < approved:
        check_establishment("rights", "section", approved, occupied)
    else:
        with pytest.raises(Conflict) as e:
            check_establishment("rights", "section", approved, occupied)
        assert e.value.extra == {
            "office": "rights",
            "post_level": "section",
            "approved": approved,
            "occupied": occupied,
            "vacant": max(0, approved - occupied),
        }


def test_no_approved_number_means_not_limited_yet() -> None:
    check_establishment("rights", "staff", None, 1000)


@pytest.mark.parametrize(
    ("title", "level"),
    [
        ("二級主任科員", PostLevel.section),
        ("科員", PostLevel.staff),
        ("副處長", PostLevel.division),
        ("一級調研員", PostLevel.division),
        ("副主席", PostLevel.bureau),
        ("科長", PostLevel.section),
        ("辦事員", PostLevel.staff),
        ("司機", None),
    ],
)
def test_post_titles_name_their_level(title: str, level: PostLevel | None) -> None:
    assert level_of_title(title) == level


def test_cadre_state_machine() -> None:
    CADRES.require(CadreState.unassigned, "appoint")
    CADRES.require(CadreState.in_post, "transfer")
    CADRES.require(CadreState.in_post, "retire")
    with pytest.raises(InvalidTransition) as e:
        CADRES.require(CadreState.retired, "appoint")
    assert e.value.extra == {"current_state": "retired", "allowed_commands": []}
    with pytest.raises(InvalidTransition) as e:
        CADRES.require(CadreState.in_post, "appoint")
    assert e.value.extra["allowed_commands"] == ["remove", "retire", "transfer"]


def test_other_relatives_need_a_notarised_support_certificate() -> None:
    required = DEFAULT_CHECKLIST["other_relative"]
    assert "notarised_support_certificate" in required
    assert "notarised_support_certificate" not in DEFAULT_CHECKLIST["relative"]
    provided = set(DEFAULT_CHECKLIST["relative"])
    assert missing_documents(required, provided, set()) == ["notarised_support_certificate"]
    assert missing_documents(required, provided | {"notarised_support_certificate"}, {"relationship_proof"}) == [
        "relationship_proof"
    ]


@given(st.text(min_size=1, max_size=40))
def test_a_masked_number_shows_at_most_its_last_four_characters(number: str) -> None:
    m = mask(number)
    assert len(m) == len(number)
    shown = m.lstrip("*")
    assert len(shown) <= 4 and number.endswith(shown)


@given(start=st.dates(date(2020, 1, 1), date(2030, 1, 1)), days=st.integers(1, 30))
def test_objections_until_the_last_notice_day_awards_only_after_it(start: date, days: int) -> None:
    end = notice_ends_on(start, days)
    assert (end - start).days + 1 == days
    require_notice_open(end, end)
    with pytest.raises(Conflict):
        require_notice_over(end, end)
    after = date.fromordinal(end.toordinal() + 1)
    require_notice_over(after, end)
    with pytest.raises(Conflict):
        require_notice_open(after, end)
