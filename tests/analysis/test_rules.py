"""The rules file: every DOMAIN.md time limit present, and a malformed file rejected with the rule named."""

from __future__ import annotations

import pytest

from aseagi.analysis.rules import RuleFileError, load_rules, parse_rules

VALID = """
rules:
  - id: demo-rule
    title: Demo
    citation: CCP 1005
    trigger: order
    trigger_label: order
    occurrence: each
    offset: 10
    unit: calendar_days
    direction: after
    due: response
    due_label: Response
    roll_forward: true
    service_extension: ccp
    severity: LOW
"""


def test_packaged_rules_cover_the_domain_table() -> None:
    rules = {rule.id: rule for rule in load_rules()}
    citations = {rule.citation for rule in rules.values()}
    expected = ("WIC 313(a)", "WIC 315", "WIC 290.1", "WIC 334", "WIC 352(b)", "WIC 358(a)", "WIC 366.21(e)",
                "WIC 294(c)(1)", "WIC 366.21(f)", "CRC 8.406(a)", "CRC 8.450(e)")  # fmt: skip
    assert set(expected) <= citations
    both_334 = {r.condition for r in rules.values() if r.citation == "WIC 334"}
    assert both_334 == {"child_detained", "child_not_detained"}
    assert rules["wic-294c1-notice-of-366-26-hearing"].direction == "before"
    assert rules["wic-294c1-notice-of-366-26-hearing"].offset == 45
    assert rules["crc-8-406a-notice-of-appeal"].offset == 60
    assert rules["wic-313-petition-after-removal"].unit == "court_days"
    assert all(rule.note for rule in rules.values())


def test_ccp_shorthand_expands_to_mail_and_electronic() -> None:
    (rule,) = parse_rules(VALID)
    assert rule.service_extension is not None
    assert rule.service_extension["mail"].offset == 5
    assert rule.service_extension["mail"].unit == "calendar_days"
    assert rule.service_extension["electronic"].unit == "court_days"
    assert rule.trigger == ("order",)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("offset: 10", "offset: 10\n    offest: 3"), "offest"),
        (("unit: calendar_days", "unit: weeks"), "unit"),
        (("trigger: order", "trigger: hearng"), "trigger"),
        (("direction: after", "direction: later"), "direction"),
        (("severity: LOW", "severity: SEVERE"), "severity"),
        (("offset: 10", "offset: -1"), "offset"),
    ],
)
def test_bad_values_name_the_rule_and_field(change: tuple[str, str], message: str) -> None:
    with pytest.raises(RuleFileError, match=r"rule 'demo-rule'.*" + message):
        parse_rules(VALID.replace(*change), source="test.yaml")


def test_duplicate_ids_and_shape_errors() -> None:
    doubled = VALID + VALID.split("rules:\n", 1)[1]
    with pytest.raises(RuleFileError, match="duplicate id"):
        parse_rules(doubled)
    with pytest.raises(RuleFileError, match="single key 'rules'"):
        parse_rules("- just a list")
    with pytest.raises(RuleFileError, match="not valid YAML"):
        parse_rules("rules: [unclosed")
    with pytest.raises(RuleFileError, match="no rules file"):
        load_rules("nevada_dependency")
