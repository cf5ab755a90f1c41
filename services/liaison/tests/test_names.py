"""Duplicate detection keys: same Chinese name, or the same romanised name ignoring case, spacing and
the order of family and given name."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from qiaolian_liaison.associations import rules

part = st.text(alphabet=st.sampled_from("abcdefghijklmnopqrstuvwxyz"), min_size=1, max_size=12)


def _respace(s: str, cuts: list[int]) -> str:
    """Insert spaces or hyphens at some positions, as transliterations differ."""
    out = list(s)
    for i, c in enumerate(sorted(set(cuts), reverse=True)):
        if 0 < c < len(out):
            out.insert(c, " " if i % 2 else "-")
    return "".join(out)


@given(part, part, st.lists(st.integers(0, 12), max_size=3), st.booleans())
def test_romanised_person_key_ignores_case_spacing_and_order(
    family: str, given_: str, cuts: list[int], upper: bool
) -> None:
    key = rules.person_romanised_key(family, given_)
    spelled = _respace(given_, cuts)
    assert rules.person_romanised_key(spelled.upper() if upper else spelled, family.title()) == key
    assert rules.person_romanised_key(f"  {family.upper()} ", given_) == key


def test_examples_of_the_same_and_of_different_persons() -> None:
    same = [("Tan", "Ah Kow"), ("TAN", "AhKow"), ("Ah-Kow", "tan"), (" tan ", "ah  kow")]
    assert len({rules.person_romanised_key(f, g) for f, g in same}) == 1
    assert rules.person_romanised_key("Tan", "Ah Kow") != rules.person_romanised_key("Tan", "Ah Kao")
    assert rules.person_romanised_key("Nguyễn", "Văn") == rules.person_romanised_key("nguyen", "van")
    assert rules.person_romanised_key(None, None) is None


def test_chinese_names_ignore_spacing_and_middle_dots() -> None:
    assert rules.zh_key("陳 大文") == rules.zh_key("陳大文") == "陈大文"
    assert rules.zh_key("阿卜杜·熱合曼") == rules.zh_key("阿卜杜熱合曼")
    assert rules.zh_key("  ") is None and rules.zh_key(None) is None


def test_association_names_ignore_case_and_spacing() -> None:
    assert rules.association_romanised_key("Malaysia Hunan Association") == rules.association_romanised_key(
        "MALAYSIA  HUNAN-ASSOCIATION"
    )


def test_traditional_and_simplified_fold_to_one_key_and_a_surnames_romanisations_to_one() -> None:
    assert rules.zh_key("陳國華") == rules.zh_key("陈国华") == "陈国华"
    assert rules.zh_key("黃 美玲") == rules.zh_key("黄美玲")
    assert rules.zh_plain("陳國華") != rules.zh_plain("陈国华")  # the score tells them apart
    for variants in (("Chen", "Tan", "Chan"), ("Lin", "Lim"), ("Huang", "Wong", "Ng")):
        assert len({rules.person_romanised_key(v, "Mei Ling") for v in variants}) == 1
    assert rules.person_romanised_key("Tan", "Mei Ling") != rules.person_romanised_key("Lim", "Mei Ling")
    assert rules.person_romanised_plain("Tan", "Mei Ling") != rules.person_romanised_plain("Chen", "Mei Ling")


def test_a_score_is_highest_for_names_as_written() -> None:
    written = rules.person_probe("陳大文", "Tan", "Ah Kow")
    assert rules.score(written, written, zh_matched=True, romanised_matched=True) == (
        1.0,
        ["name_zh", "name_romanised"],
    )
    simplified = rules.person_probe("陈大文", "Chen", "Ah Kow")
    assert rules.score(written, simplified, zh_matched=True, romanised_matched=True) == (
        1.0,
        ["traditional_simplified", "surname_romanisation"],
    )
    assert rules.score(written, simplified, zh_matched=False, romanised_matched=True) == (0.6, ["surname_romanisation"])
