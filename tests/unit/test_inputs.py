"""Typed text loses control characters and lone surrogates before anything handles it."""

from __future__ import annotations

from bot.domain.inputs import clean_json, strip_controls


def test_control_characters_and_surrogates_go_line_breaks_and_tabs_stay() -> None:
    assert strip_controls("a\x00b\x07c\x1b[0m\x7fd\ud800e\tf\ng\r\nh") == "abc[0mde\tf\ng\r\nh"
    assert strip_controls("Jevtović, Данко 陶小峰 ✅") == "Jevtović, Данко 陶小峰 ✅"


def test_every_string_of_an_interaction_is_cleaned() -> None:
    data = {"name": "remind", "options": [{"name": "set", "type": 1, "options": [
        {"name": "text", "type": 3, "value": "due\x00"}, {"name": "count", "type": 4, "value": 3}]}],
        "components": [{"type": 18, "component": {"type": 4, "custom_id": "body", "value": "x\x00y"}}],
        "resolved": {"messages": {"1": {"content": "said\x00"}}}}
    cleaned = clean_json(data)
    assert cleaned["options"][0]["options"] == [{"name": "text", "type": 3, "value": "due"},
                                                 {"name": "count", "type": 4, "value": 3}]
    assert cleaned["components"][0]["component"]["value"] == "xy"
    assert cleaned["resolved"]["messages"]["1"]["content"] == "said"
