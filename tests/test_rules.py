"""Every rule's example sentence must make that rule fire (and yield what it expects)."""
from __future__ import annotations

import pytest

from kg.errors import RuleError
from kg.extract import run_rule
from kg.rules import load_rules, parse_rule

RULES = load_rules()


@pytest.mark.parametrize("rule", RULES, ids=[r.id for r in RULES])
def test_rule_example(rule):
    names = [n for _, _, n in run_rule(rule, rule.example)]
    assert names, f"{rule.id} does not match its own example"
    for want in rule.expect:
        assert want in names, f"{rule.id}: expected {want!r} from {rule.example!r}, got {names}"


def test_rule_ids_are_typed():
    for r in RULES:
        assert r.id.split(".")[0] == r.type.lower(), r.id


@pytest.mark.parametrize("bad, message", [
    ({"id": "x", "type": "Thing", "regex": "(?P<name>a)", "example": "a"}, "is not one of"),
    ({"id": "x", "type": "Town", "regex": "(?P<name>a", "example": "a"}, "does not compile"),
    ({"id": "x", "type": "Town", "regex": "a", "example": "a"}, "no (?P<name>"),
    ({"id": "x", "type": "Town", "regex": "{nosuch}(?P<name>a)", "example": "a"}, "unknown placeholder"),
    ({"id": "x", "type": "Town", "regex": "(?P<name>a)"}, "'example'"),
])
def test_bad_rules_are_named(bad, message):
    with pytest.raises(RuleError) as e:
        parse_rule(bad, "town.json")
    assert message in str(e.value) and "town.json" in str(e.value)
