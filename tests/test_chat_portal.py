"""The chat portal's data (chat/portal.py): the lobby, then channels grouped by kind; the
live-activity option (off by default, Matrix only) and what the page carries for it.

The portal in a browser: test_chat_browser.py (and test_chat.py); live activity against a
real Synapse: test_chat_matrix.py.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from sphinxext_vconf import chat, model
from sphinxext_vconf.chat import portal as chat_portal

MATRIX = {"provider": "matrix", "server": "https://matrix.example.org",
          "general": [{"name": "lobby", "title": "Lobby"}, {"name": "help", "title": "Help desk"}]}


def conference(tmp_path: Path, chat_settings: dict[str, Any], papers: list[dict] | None = None) -> model.Conference:
    data = {
        "conference": {"name": "C", "timezone": "America/Los_Angeles", "start_date": "2026-05-04",
                       "end_date": "2026-05-06", "chat": chat_settings},
        "papers": papers if papers is not None else [
            {"id": "v1", "title": "Seeing", "authors": ["A"], "track": "Vision"},
            {"id": "n1", "title": "No track", "authors": ["B"]},
            {"id": "a1", "title": "Acting", "authors": ["C"], "track": "Reinforcement learning"},
            {"id": "v2", "title": "Seeing more", "authors": ["D"], "track": "Vision"},
            {"id": "e1", "title": "Ünïcode", "authors": ["E"], "track": "Éthique & société"},
        ],
        "sessions": [
            # 23:30 in Los Angeles is the next day in UTC: the day is the conference's.
            {"id": "late", "title": "Late posters", "kind": "poster", "start": "2026-05-04 23:30", "end": "2026-05-04 23:59"},
            {"id": "early", "title": "Orals", "kind": "oral", "start": "2026-05-05 08:00", "end": "2026-05-05 09:00"},
            {"id": "first", "title": "Opening", "kind": "invited", "start": "2026-05-04 09:00", "end": "2026-05-04 10:00"},
            {"id": "coffee", "title": "Coffee", "kind": "break", "start": "2026-05-04 10:00", "end": "2026-05-04 10:30"},
        ],
        "workshops": [{"id": "w1", "title": "Workshop"}],
    }
    folder = tmp_path / "data"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "conference.yml").write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True))
    return model.load(folder)


def keys(group: dict[str, Any]) -> list[str]:
    return [dict(c["attrs"])["data-channel"] for c in group["channels"]]


def test_lobby_first_then_sessions_by_day_workshops_and_papers_by_track(tmp_path: Path) -> None:
    groups = chat_portal.groups(conference(tmp_path, MATRIX))
    assert [(g["id"], g["label"], g["title"]) for g in groups] == [
        ("general", "Lobby", ""),
        ("session/2026-05-04", "Sessions", "Monday 4 May"),
        ("session/2026-05-05", "Sessions", "Tuesday 5 May"),
        ("workshop", "Workshops", ""),
        ("paper/ethique-societe", "Papers", "Éthique & société"),
        ("paper/reinforcement-learning", "Papers", "Reinforcement learning"),
        ("paper/vision", "Papers", "Vision"),
        ("paper/-", "Papers", "Other papers"),
    ]
    assert keys(groups[0]) == ["general/lobby", "general/help"]
    assert keys(groups[1]) == ["session/first", "session/late"]  # by time; the break has no channel
    assert keys(groups[6]) == ["paper/v1", "paper/v2"]
    assert [g["open"] for g in groups] == [True] + [False] * 7  # only the lobby open
    # a session's entry says its kind, as the organizer names it
    assert [c["kind_label"] for c in groups[1]["channels"]] == ["Invited talk", "Poster session"]
    assert sum(len(g["channels"]) for g in groups) == len(chat.channels(conference(tmp_path / "again", MATRIX)))


def test_papers_without_any_track_are_one_group(tmp_path: Path) -> None:
    conf = conference(tmp_path, MATRIX, papers=[{"id": "p1", "title": "T", "authors": ["A"]}])
    papers = [g for g in chat_portal.groups(conf) if g["kind"] == "paper"]
    assert [(g["id"], g["title"]) for g in papers] == [("paper/-", "")]


def test_portal_html_groups_collapsed_with_counts_and_escaped(tmp_path: Path) -> None:
    conf = conference(tmp_path, MATRIX, papers=[
        {"id": "x", "title": "<img src=x onerror=alert(1)>", "authors": ["A"], "track": "<b>Track</b>"}])
    page = chat.portal_html(conf)
    assert "<img" not in page and "<b>" not in page
    assert '<span class="vconf-chat-group-title">&lt;b&gt;Track&lt;/b&gt;</span> <span class="vconf-chat-count">1</span>' in page
    assert page.count("<details") == 4 and " open" not in re.sub(r'data-[a-z]+="[^"]*"', "", page)
    assert '<section class="vconf-chat-group vconf-chat-group--lobby" data-group="general"' in page


def test_live_activity_is_off_by_default_and_leaves_no_trace(tmp_path: Path) -> None:
    conf = conference(tmp_path, MATRIX)
    assert chat.config(conf).activity is False
    context = chat_portal.portal_context(conf)
    assert context["activity"] == "" and context["activity_url"] == ""
    page = chat.portal_html(conf)
    assert "data-activity" not in page and "publicRooms" not in page


def test_live_activity_on_asks_the_organizers_matrix_server_only(tmp_path: Path) -> None:
    conf = conference(tmp_path, {**MATRIX, "activity": True})
    context = chat_portal.portal_context(conf)
    assert context["activity"] == "matrix"
    assert context["activity_url"] == "https://matrix.example.org/_matrix/client/v3/publicRooms?limit=500"
    assert ('data-activity="matrix" data-activity-url="https://matrix.example.org/_matrix/client/v3/'
            'publicRooms?limit=500"') in chat.portal_html(conf)


@pytest.mark.parametrize(("settings", "expected"), [
    ({**MATRIX, "activity": "yes"}, "conference.chat.activity: 'yes'; expected true or false"),
    ({"provider": "rocketchat", "server": "https://rc.example.org", "activity": True},
     "conference.chat.activity: True; expected false for this provider: live activity needs a room list that "
     "anyone may read (Matrix's public room directory); Rocket.Chat's channels.list"),
    ({"provider": "zulip", "server": "https://z.example.org", "stream": "s", "activity": True},
     "conference.chat.activity: True; expected false for this provider"),
])
def test_live_activity_settings_that_cannot_work_are_errors(tmp_path: Path, settings: dict, expected: str) -> None:
    conf = conference(tmp_path, settings)
    with pytest.raises(chat.ChatConfigError) as err:
        chat.config(conf)
    assert expected in str(err.value)
