"""Chat channels: naming, stable links, config errors, credentials, the Rocket.Chat client
against a local fake server, and the portal script in a real browser.

No Rocket.Chat server can run here (it needs MongoDB), so ``FakeRocketChat`` implements the
few REST v1 endpoints that ``vconf chat provision`` uses, as the Rocket.Chat docs describe
them (login/logout/me, channels.info, channels.create, channels.setTopic; errors as
``{"success": false, "errorType": ...}`` with HTTP 400; rate limits as HTTP 429).
Matrix is tested against a real Synapse in test_chat_matrix.py.
"""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
import yaml

from sphinxext_vconf import chat, cli, model

REPO = Path(__file__).resolve().parents[1]
STATIC = REPO / "theme" / "vconf" / "static"
CHROMIUM = Path("/usr/bin/chromium")
# No background traffic from the browser itself: the tests check that the page makes none.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"

PAPERS = [
    {"id": "p1", "title": 'Attention <script>alert("x")</script> & you', "authors": ["Ada Lovelace"],
     "keywords": ["transformers"]},
    {"id": "p2", "title": "Graph networks", "authors": [{"name": "Alan Turing", "affiliation": "NPL"}]},
    {"id": "Q.7", "title": "Über Äquivarianz", "authors": ["Émilie du Châtelet"]},
]
SESSIONS = [
    {"id": "s2", "title": "Posters, afternoon", "kind": "poster", "start": "2026-05-04 15:00",
     "end": "2026-05-04 16:00", "papers": ["p2"], "room": "Hall B"},
    {"id": "s1", "title": "Orals, morning", "kind": "oral", "start": "2026-05-04 09:00",
     "end": "2026-05-04 10:00", "papers": ["p1"]},
    {"id": "coffee", "title": "Coffee", "kind": "break", "start": "2026-05-04 10:00",
     "end": "2026-05-04 10:30"},
]
WORKSHOPS = [{"id": "w1", "title": "Workshop on Graphs", "organizers": ["Grace Hopper"]}]


def write_conf(folder: Path, chat_settings: Any, *, url: str = "https://conf.example/2026/",
               papers: list[dict] | None = None, sessions: list[dict] | None = None,
               workshops: list[dict] | None = None) -> Path:
    """A data folder with one conference YAML file; returns the folder."""
    folder.mkdir(parents=True, exist_ok=True)
    conference = {"name": "Test Conf", "timezone": "Europe/Berlin", "start_date": "2026-05-04",
                  "end_date": "2026-05-06", "chat": chat_settings}
    if url:
        conference["url"] = url
    data = {"conference": conference, "papers": PAPERS if papers is None else papers,
            "sessions": SESSIONS if sessions is None else sessions,
            "workshops": WORKSHOPS if workshops is None else workshops}
    (folder / "conference.yml").write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True))
    return folder


def load(tmp_path: Path, chat_settings: Any, **kw: Any) -> model.Conference:
    return model.load(write_conf(tmp_path / "data", chat_settings, **kw))


MATRIX = {"provider": "matrix", "server": "https://matrix.example.org"}


# --------------------------------------------------------------------------------------
# Naming and links
# --------------------------------------------------------------------------------------


def test_channels_follow_the_template_in_a_stable_order(tmp_path: Path) -> None:
    conf = load(tmp_path, {**MATRIX, "general": [{"name": "lobby", "title": "Lobby"}, "help-desk"]})
    got = [(c.key, c.name, c.address) for c in chat.channels(conf)]
    assert got == [
        ("general/lobby", "lobby", "#lobby:matrix.example.org"),
        ("general/help-desk", "help-desk", "#help-desk:matrix.example.org"),
        ("paper/p1", "paper-p1", "#paper-p1:matrix.example.org"),
        ("paper/p2", "paper-p2", "#paper-p2:matrix.example.org"),
        # ids become valid room names: lowercase, '.' replaced
        ("paper/Q.7", "paper-q-7", "#paper-q-7:matrix.example.org"),
        # sessions by time; a break gets no channel
        ("session/s1", "session-s1", "#session-s1:matrix.example.org"),
        ("session/s2", "session-s2", "#session-s2:matrix.example.org"),
        ("workshop/w1", "workshop-w1", "#workshop-w1:matrix.example.org"),
    ]
    p1 = chat.channel_for(conf, "paper", "p1")
    assert p1 is not None
    assert (p1.page, p1.link) == ("papers/p1.html", "chat.html?channel=paper/p1")
    assert p1.title == PAPERS[0]["title"]
    assert "Ada Lovelace" in p1.search and "transformers" in p1.search
    assert chat.channel_for(conf, "session", "coffee") is None
    assert chat.channel_for(conf, "general", "lobby").title == "Lobby"
    with pytest.raises(KeyError):
        chat.channel_for(conf, "paper", "nope")


def test_renaming_the_template_renames_rooms_but_keeps_every_link(tmp_path: Path) -> None:
    """ACL 2020's embedded chat broke when channel naming changed: here links carry the key."""
    before = chat.channels(load(tmp_path / "a", MATRIX))
    after = chat.channels(load(tmp_path / "b", {**MATRIX, "channel_template": "vc26-{kind}-{id}"}))
    assert [c.name for c in after][:2] == ["vc26-paper-p1", "vc26-paper-p2"]
    assert {c.name for c in before}.isdisjoint({c.name for c in after})
    assert [(c.key, c.link, c.page) for c in before] == [(c.key, c.link, c.page) for c in after]


def test_a_template_without_kind_names_paper_channels_only(tmp_path: Path) -> None:
    conf = load(tmp_path, {**MATRIX, "channel_template": "paper-{id}"})
    names = {c.key: c.name for c in chat.channels(conf)}
    assert names["paper/p1"] == "paper-p1"
    # not "paper-s1": a session channel named like a paper would mislead
    assert names["session/s1"] == "session-s1"
    assert names["workshop/w1"] == "workshop-w1"


def test_per_kind_templates_slugs_and_kinds(tmp_path: Path) -> None:
    conf = load(tmp_path, {**MATRIX, "kinds": ["paper", "workshop"],
                           "channel_template": {"paper": "p-{id}-{slug}", "workshop": "ws_{id}"}})
    names = [c.name for c in chat.channels(conf)]
    assert names == ["p-p1-attention-script-alert-x-script-you", "p-p2-graph-networks",
                     "p-q-7-uber-aquivarianz", "ws_w1"]
    assert chat.channel_for(conf, "session", "s1") is None


def test_two_records_with_one_name_are_an_error(tmp_path: Path) -> None:
    conf = load(tmp_path, {**MATRIX, "channel_template": {"paper": "room-{id}", "workshop": "room-{id}"}},
                workshops=[{"id": "p1", "title": "A workshop with a paper's id"}])
    with pytest.raises(chat.ChatConfigError) as err:
        chat.channels(conf)
    assert "paper/p1 and workshop/p1 the same name 'room-p1'" in str(err.value)


def test_no_chat_settings_means_no_channels(tmp_path: Path) -> None:
    conf = load(tmp_path, {})
    assert chat.channels(conf) == [] and chat.channels_json(conf) == []
    assert chat.channel_for(conf, "paper", "p1") is None


@pytest.mark.parametrize(("settings", "expected"), [
    ({"provider": "slack", "server": "https://x.example"},
     "conference.chat.provider: 'slack'; expected one of matrix, rocketchat, zulip, mattermost, link"),
    ({"provider": "matrix"}, "conference.chat.server: 'missing'; expected the https URL of the matrix server"),
    ({**MATRIX, "server": "http://chat.example.org"}, "conference.chat.server: 'http://chat.example.org'; expected an https URL"),
    ({**MATRIX, "server": "https://admin:pw@chat.example.org"}, "without a password"),
    ({**MATRIX, "channel_template": "paper"}, "conference.chat.channel_template: 'paper'; expected a template containing {id}"),
    ({**MATRIX, "channel_template": "{kind}-{title}"}, "conference.chat.channel_template: '{kind}-{title}'; expected a template with the fields {kind}, {id}, {slug}"),
    ({**MATRIX, "channel_template": "{id.__class__}"}, "conference.chat.channel_template: '{id.__class__}'"),
    ({**MATRIX, "channel_template": {"poster": "x-{id}"}}, "conference.chat.channel_template.poster: 'x-{id}'"),
    ({**MATRIX, "embed_url": "javascript:alert({channel})"}, "conference.chat.embed_url: 'javascript:alert({channel})'; expected an https URL template"),
    ({**MATRIX, "open_url": "{server}/{room}"}, "conference.chat.open_url: '{server}/{room}'"),
    ({**MATRIX, "general": [{"name": "Main Hall"}]}, "conference.chat.general[0].name: 'Main Hall'; expected a channel name"),
    ({**MATRIX, "kinds": ["paper", "poster"]}, "conference.chat.kinds: ['paper', 'poster']"),
    ({**MATRIX, "embed": "no"}, "conference.chat.embed: 'no'; expected true or false"),
    ({**MATRIX, "colour": "red"}, "conference.chat.colour: 'red'; expected one of the known fields"),
    ({"provider": "zulip", "server": "https://zulip.example.org"}, "conference.chat.stream: 'missing'"),
    ({"provider": "mattermost", "server": "https://mm.example.org"}, "conference.chat.team: 'missing'"),
])
def test_config_errors_name_the_field_and_the_value(tmp_path: Path, settings: dict, expected: str) -> None:
    conf = load(tmp_path, settings)
    with pytest.raises(chat.ChatConfigError) as err:
        chat.channels(conf)
    assert expected in str(err.value)
    assert isinstance(err.value, SystemExit)  # stops the build with the report, no traceback


def test_config_errors_are_reported_together_with_file_and_line(tmp_path: Path) -> None:
    data = write_conf(tmp_path / "data", {"provider": "slack", "server": "ftp://x", "kinds": "talks"})
    conf = model.load(data)
    with pytest.raises(chat.ChatConfigError) as err:
        chat.config(conf)
    text = str(err.value)
    assert text.startswith("vconf: conference.chat has 3 problems:")
    lines = (data / "conference.yml").read_text().splitlines()
    provider_line = next(i for i, line in enumerate(lines, 1) if "provider: slack" in line)
    assert f"conference.yml:{provider_line}: conference.chat.provider: 'slack'" in text


def test_credentials_in_the_yaml_are_refused_and_not_echoed(tmp_path: Path) -> None:
    conf = load(tmp_path, {**MATRIX, "access_token": "syt_SECRET_VALUE", "password": "hunter2"})
    with pytest.raises(chat.ChatConfigError) as err:
        chat.channels(conf)
    text = str(err.value)
    assert "conference.chat.access_token: (hidden); expected no credentials" in text
    assert "VCONF_CHAT_TOKEN" in text
    assert "syt_SECRET_VALUE" not in text and "hunter2" not in text


def test_cli_reports_a_bad_config_without_a_traceback(tmp_path: Path) -> None:
    data = write_conf(tmp_path / "data", {"provider": "slack"})
    proc = subprocess.run([sys.executable, "-m", "sphinxext_vconf.cli", "chat", "list", str(data)],
                          capture_output=True, text=True, cwd=tmp_path, timeout=120)
    assert proc.returncode == 1
    assert "conference.chat.provider: 'slack'" in proc.stderr
    assert "Traceback" not in proc.stderr


# --------------------------------------------------------------------------------------
# URLs per provider, published data, the portal markup, topics
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize(("settings", "embed", "open_url"), [
    (MATRIX, "https://matrix.example.org/#/room/#paper-p1:matrix.example.org",
     "https://matrix.example.org/#/room/#paper-p1:matrix.example.org"),
    ({**MATRIX, "element_url": "https://chat.example.org/", "domain": "example.org"},
     "https://chat.example.org/#/room/#paper-p1:example.org",
     "https://chat.example.org/#/room/#paper-p1:example.org"),
    ({"provider": "rocketchat", "server": "https://rc.example.org/"},
     "https://rc.example.org/channel/paper-p1?layout=embedded", "https://rc.example.org/channel/paper-p1"),
    ({"provider": "zulip", "server": "https://zulip.example.org", "stream": "ICLR 2026"},
     "", "https://zulip.example.org/#narrow/stream/ICLR.202026/topic/paper-p1"),
    ({"provider": "mattermost", "server": "https://mm.example.org", "team": "conf"},
     "", "https://mm.example.org/conf/channels/paper-p1"),
    ({"provider": "link", "open_url": "https://discord.example/c/{channel}"}, "", "https://discord.example/c/paper-p1"),
    ({**MATRIX, "embed": False}, "", "https://matrix.example.org/#/room/#paper-p1:matrix.example.org"),
])
def test_channel_urls_per_provider(tmp_path: Path, settings: dict, embed: str, open_url: str) -> None:
    ch = chat.channel_for(load(tmp_path, settings), "paper", "p1")
    assert ch is not None
    assert (ch.embed_url, ch.open_url) == (embed, open_url)


def test_a_record_with_its_own_chat_link_keeps_it(tmp_path: Path) -> None:
    papers = [dict(PAPERS[0], chat="https://elsewhere.example/room/42"), PAPERS[1]]
    conf = load(tmp_path, {"provider": "rocketchat", "server": "https://rc.example.org"}, papers=papers)
    own = chat.channel_for(conf, "paper", "p1")
    assert (own.open_url, own.embed_url) == ("https://elsewhere.example/room/42", "")
    assert chat.channel_for(conf, "paper", "p2").embed_url.endswith("/channel/paper-p2?layout=embedded")
    # provider "link" without templates lists only records that bring their own link
    conf = load(tmp_path / "link", {"provider": "link"}, papers=papers)
    assert [c.key for c in chat.channels(conf)] == ["paper/p1"]


def test_channels_json_is_public_data_only_and_deterministic(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VCONF_CHAT_TOKEN", "tok-SENTINEL-123")
    monkeypatch.setenv("VCONF_CHAT_PASSWORD", "pw-SENTINEL-456")
    conf = load(tmp_path, {**MATRIX, "general": ["lobby"]})
    first = json.dumps(chat.channels_json(conf), sort_keys=True)
    assert "SENTINEL" not in first
    assert set(chat.channels_json(conf)[0]) == {"key", "kind", "id", "name", "title", "address", "page",
                                                "link", "open_url", "embed_url", "search"}
    again = json.dumps(chat.channels_json(model.load(tmp_path / "data")), sort_keys=True)
    assert first == again


def test_portal_markup_escapes_titles_and_links_work_without_script(tmp_path: Path) -> None:
    conf = load(tmp_path, {"provider": "rocketchat", "server": "https://rc.example.org"})
    page = chat.portal_html(conf, channels_url="data/channels.json", root="")
    assert '<script>alert("x")</script>' not in page
    assert "Attention &lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; you" in page  # &#34; = &quot;
    assert ('<a href="https://rc.example.org/channel/paper-p1" data-channel="paper/p1" data-name="paper-p1" '
            'data-kind="paper" data-embed="https://rc.example.org/channel/paper-p1?layout=embedded" '
            'data-page="papers/p1.html"') in page
    assert page.startswith('<div id="vconf-chat" class="vconf-chat" data-channels="data/channels.json">')
    assert chat.portal_html(conf, root="../").count('data-page="../papers/') == 3


def test_topics_link_back_to_the_site(tmp_path: Path) -> None:
    conf = load(tmp_path, {**MATRIX, "general": [{"name": "lobby", "title": "Lobby"}]})
    p2 = chat.channel_for(conf, "paper", "p2")
    assert chat.topic_for(conf, p2) == "Graph networks — https://conf.example/2026/papers/p2.html"
    assert chat.topic_for(conf, p2, "https://mirror.example") == "Graph networks — https://mirror.example/papers/p2.html"
    lobby = chat.channel_for(conf, "general", "lobby")
    assert chat.topic_for(conf, lobby) == "Lobby — https://conf.example/2026/chat.html?channel=general/lobby"
    bare = load(tmp_path / "bare", MATRIX, url="")
    assert chat.topic_for(bare, chat.channel_for(bare, "paper", "p2")) == "Graph networks"
    custom = load(tmp_path / "custom", {**MATRIX, "topic": "[{kind}] {title} | {url}"})
    assert chat.topic_for(custom, chat.channel_for(custom, "paper", "p2")).startswith("[paper] Graph networks | https://")


# --------------------------------------------------------------------------------------
# Credentials
# --------------------------------------------------------------------------------------


def test_credentials_from_the_environment_or_a_file_outside_the_project(tmp_path: Path) -> None:
    env = {"VCONF_CHAT_TOKEN": "env-token", "VCONF_CHAT_USER": "env-user"}
    project = tmp_path / "project"
    (project / "data").mkdir(parents=True)
    (project / ".git").mkdir()
    assert chat.load_credentials(project=project / "data", env=env) == chat.Credentials("env-token", "env-user", "")

    outside = tmp_path / "secrets" / "chat.env"
    outside.parent.mkdir()
    outside.write_text("# vconf chat\nexport VCONF_CHAT_USER=admin\nVCONF_CHAT_PASSWORD='s3cret'\n")
    outside.chmod(0o600)
    warnings: list[str] = []
    creds = chat.load_credentials(outside, project=project / "data", env=env, warn=warnings.append)
    assert creds == chat.Credentials("env-token", "admin", "s3cret")  # the file wins
    assert warnings == []
    assert "s3cret" not in repr(creds) and "env-token" not in repr(creds)

    outside.chmod(0o644)
    chat.load_credentials(outside, project=project / "data", env={}, warn=warnings.append)
    assert warnings and "chmod 600" in warnings[0]


def test_a_credentials_file_inside_the_project_is_refused(tmp_path: Path) -> None:
    project = tmp_path / "project"
    (project / "data").mkdir(parents=True)
    (project / "pyproject.toml").write_text("")
    inside = project / "chat.env"
    inside.write_text("VCONF_CHAT_TOKEN=abc\n")
    with pytest.raises(chat.ChatError, match="inside the project"):
        chat.load_credentials(inside, project=project / "data", env={})


def test_a_bad_credentials_file_names_the_line_not_the_secret(tmp_path: Path) -> None:
    bad = tmp_path / "elsewhere" / "chat.env"
    bad.parent.mkdir()
    bad.write_text("VCONF_CHAT_TOKEN=abc\nAPI_KEY=topsecret\n")
    with pytest.raises(chat.ChatError) as err:
        chat.load_credentials(bad, project=tmp_path / "project", env={})
    assert f"{bad}:2: expected KEY=VALUE" in str(err.value)
    assert "topsecret" not in str(err.value)


# --------------------------------------------------------------------------------------
# Rocket.Chat against a local fake server
# --------------------------------------------------------------------------------------


class FakeRocketChat(ThreadingHTTPServer):
    """The Rocket.Chat REST v1 endpoints that provisioning uses, in memory."""

    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _RocketHandler)
        self.url = f"http://127.0.0.1:{self.server_address[1]}"
        self.users = {"admin": ("pw", "uid-admin")}
        self.tokens = {"pat-admin": "uid-admin"}  # personal access token -> user id
        self.rooms: dict[str, dict[str, Any]] = {}
        self.log: list[tuple[str, str]] = []
        self.throttle = 0  # answer this many channels.create calls with 429 first
        self.forbidden: set[str] = set()  # room ids whose topic this user may not set
        self.lock = threading.Lock()


class _RocketHandler(BaseHTTPRequestHandler):
    server: FakeRocketChat

    def log_message(self, *args: Any) -> None:  # keep pytest output clean
        pass

    def _send(self, status: int, body: dict[str, Any], headers: dict[str, str] | None = None) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self) -> None:
        self._handle("GET")

    def do_POST(self) -> None:
        self._handle("POST")

    def _handle(self, method: str) -> None:
        srv = self.server
        url = urllib.parse.urlsplit(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        body = json.loads(self.rfile.read(length) or b"{}") if length else {}
        endpoint = url.path.removeprefix("/api/v1/")
        with srv.lock:
            srv.log.append((method, endpoint))
            if endpoint == "login" and method == "POST":
                user = srv.users.get(body.get("user"))
                if not user or user[0] != body.get("password"):
                    return self._send(401, {"status": "error", "error": "Unauthorized", "message": "Unauthorized"})
                token = f"session-{len(srv.tokens)}"
                srv.tokens[token] = user[1]
                return self._send(200, {"status": "success", "data": {"authToken": token, "userId": user[1]}})
            if srv.tokens.get(self.headers.get("X-Auth-Token", "")) != self.headers.get("X-User-Id"):
                return self._send(401, {"status": "error", "message": "You must be logged in to do this."})
            if endpoint == "logout" and method == "POST":
                srv.tokens.pop(self.headers["X-Auth-Token"])
                return self._send(200, {"status": "success", "data": {"message": "You've been logged out!"}})
            if endpoint == "me" and method == "GET":
                return self._send(200, {"_id": self.headers["X-User-Id"], "username": "admin", "success": True})
            if endpoint == "channels.info" and method == "GET":
                name = urllib.parse.parse_qs(url.query).get("roomName", [""])[0]
                if name in srv.rooms and srv.rooms[name]["t"] == "c":  # not private groups
                    return self._send(200, {"channel": srv.rooms[name], "success": True})
                return self._send(400, {"success": False, "errorType": "error-room-not-found", "error":
                                        'The required "roomId" or "roomName" param provided does not match '
                                        "any channel [error-room-not-found]"})
            if endpoint == "channels.create" and method == "POST":
                if srv.throttle:
                    srv.throttle -= 1
                    reset = int(time.time() * 1000) + 50
                    return self._send(429, {"success": False, "error": "Error, too many requests. Please slow "
                                            "down. You must wait 1 seconds before trying this endpoint again. "
                                            "[error-too-many-requests]"}, {"X-RateLimit-Reset": str(reset)})
                name = body.get("name", "")
                if not name or not all(ch.isalnum() or ch in "-_." for ch in name):
                    return self._send(400, {"success": False, "errorType": "error-invalid-room-name",
                                            "error": f"{name} is not a valid room name [error-invalid-room-name]"})
                if name in srv.rooms:
                    return self._send(400, {"success": False, "errorType": "error-duplicate-channel-name",
                                            "error": f"A channel with name '{name}' exists"})
                room = {"_id": f"rid-{len(srv.rooms) + 1}", "name": name, "fname": name, "t": "c"}
                srv.rooms[name] = room
                return self._send(200, {"channel": room, "success": True})
            if endpoint == "channels.setTopic" and method == "POST":
                room = next((r for r in srv.rooms.values() if r["_id"] == body.get("roomId")), None)
                if room is None:
                    return self._send(400, {"success": False, "errorType": "error-room-not-found", "error": "no room"})
                if room["_id"] in srv.forbidden:
                    return self._send(403, {"success": False, "errorType": "error-action-not-allowed",
                                            "error": "Not allowed [error-action-not-allowed]"})
                room["topic"] = body.get("topic", "")
                return self._send(200, {"topic": room["topic"], "success": True})
            return self._send(404, {"success": False, "error": "Not found"})


@pytest.fixture
def rocket() -> Any:
    server = FakeRocketChat()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


def provision_cli(data: Path, *args: str) -> int:
    return cli.main(["chat", "provision", str(data), *args])


def test_rocketchat_provision_creates_channels_with_topics_then_changes_nothing(
    tmp_path: Path, rocket: FakeRocketChat, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    data = write_conf(tmp_path / "data", {"provider": "rocketchat", "server": rocket.url, "general": ["lobby"]})
    monkeypatch.setenv("VCONF_CHAT_TOKEN", "pat-admin")
    monkeypatch.setenv("VCONF_CHAT_USER", "uid-admin")
    rocket.throttle = 2

    assert provision_cli(data) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "created #lobby (topic set)"
    assert "created #paper-p1 (topic set)" in out
    assert out[-1].startswith("chat: 7 created, 0 updated, 0 unchanged; waited ")
    assert out[-1].endswith("s for rate limits (2 times)")
    assert sorted(rocket.rooms) == ["lobby", "paper-p1", "paper-p2", "paper-q-7", "session-s1", "session-s2",
                                    "workshop-w1"]
    assert rocket.rooms["paper-p2"]["topic"] == "Graph networks — https://conf.example/2026/papers/p2.html"
    assert rocket.rooms["lobby"]["topic"] == "lobby — https://conf.example/2026/chat.html?channel=general/lobby"

    rocket.log.clear()
    assert provision_cli(data) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[-1] == "chat: 0 created, 0 updated, 7 unchanged"
    assert all(line.startswith("unchanged #") for line in out[:-1])
    assert {endpoint for _, endpoint in rocket.log} == {"me", "channels.info"}  # read only


def test_rocketchat_provision_restores_a_changed_topic_and_logs_in_with_a_password(
    tmp_path: Path, rocket: FakeRocketChat, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    data = write_conf(tmp_path / "data", {"provider": "rocketchat", "server": rocket.url})
    creds = tmp_path / "home" / "chat.env"
    creds.parent.mkdir()
    creds.write_text("VCONF_CHAT_USER=admin\nVCONF_CHAT_PASSWORD=pw\n")
    creds.chmod(0o600)
    monkeypatch.delenv("VCONF_CHAT_TOKEN", raising=False)
    assert provision_cli(data, "--credentials", str(creds)) == 0
    rocket.rooms["paper-p1"]["topic"] = "vandalised"
    capsys.readouterr()

    assert provision_cli(data, "--credentials", str(creds), "--dry-run") == 0
    out = capsys.readouterr().out.splitlines()
    assert "would update topic #paper-p1" in out
    assert out[-1] == "chat (dry run): 0 to create, 1 to update, 5 unchanged"
    assert rocket.rooms["paper-p1"]["topic"] == "vandalised"

    assert provision_cli(data, "--credentials", str(creds)) == 0
    out = capsys.readouterr().out.splitlines()
    assert "updated topic #paper-p1" in out
    assert out[-1] == "chat: 0 created, 1 updated, 5 unchanged"
    assert rocket.rooms["paper-p1"]["topic"].startswith("Attention <script>")
    assert rocket.tokens == {"pat-admin": "uid-admin"}  # every login was logged out again


def test_rocketchat_failures_are_reported_per_channel(
    tmp_path: Path, rocket: FakeRocketChat, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    data = write_conf(tmp_path / "data", {"provider": "rocketchat", "server": rocket.url},
                      sessions=[], workshops=[])
    # Someone else's channel, whose topic we may not change; and a private group with our name.
    rocket.rooms["paper-p1"] = {"_id": "rid-p1", "name": "paper-p1", "t": "c", "topic": "old"}
    rocket.forbidden.add("rid-p1")
    rocket.rooms["paper-p2"] = {"_id": "rid-p2", "name": "paper-p2", "t": "p"}
    monkeypatch.setenv("VCONF_CHAT_TOKEN", "pat-admin")
    monkeypatch.setenv("VCONF_CHAT_USER", "uid-admin")
    assert provision_cli(data) == 1
    out = capsys.readouterr().out.splitlines()
    assert out == [
        "failed #paper-p1: cannot set the topic: error-action-not-allowed: Not allowed [error-action-not-allowed]",
        "failed #paper-p2: error-duplicate-channel-name: A channel with name 'paper-p2' exists",
        "created #paper-q-7 (topic set)",
        "chat: 1 created, 0 updated, 0 unchanged, 2 failed",
    ]


def test_rocketchat_provision_skips_records_with_their_own_chat_link(
    tmp_path: Path, rocket: FakeRocketChat, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    papers = [dict(PAPERS[0], chat="https://elsewhere.example/room/42"), PAPERS[1]]
    data = write_conf(tmp_path / "data", {"provider": "rocketchat", "server": rocket.url}, url="",
                      papers=papers, sessions=[], workshops=[])
    monkeypatch.setenv("VCONF_CHAT_TOKEN", "pat-admin")
    monkeypatch.setenv("VCONF_CHAT_USER", "uid-admin")
    assert provision_cli(data) == 0
    assert capsys.readouterr().out.splitlines() == [
        "note: no site URL (conference.url or --site-url): topics carry no link back",
        "skipped #paper-p1: paper/p1 has its own chat link",
        "created #paper-p2 (topic set)",
        "chat: 1 created, 0 updated, 0 unchanged, 1 skipped",
    ]
    assert rocket.rooms["paper-p2"]["topic"] == "Graph networks"


def test_rocketchat_bad_credentials_stop_with_a_clear_message(
    tmp_path: Path, rocket: FakeRocketChat, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    data = write_conf(tmp_path / "data", {"provider": "rocketchat", "server": rocket.url})
    monkeypatch.delenv("VCONF_CHAT_TOKEN", raising=False)
    monkeypatch.setenv("VCONF_CHAT_USER", "admin")
    monkeypatch.setenv("VCONF_CHAT_PASSWORD", "wrong")
    assert provision_cli(data) == 1
    err = capsys.readouterr().err
    assert "vconf chat provision: error: login as admin refused: HTTP 401: Unauthorized" in err
    assert "wrong" not in err
    monkeypatch.delenv("VCONF_CHAT_PASSWORD")
    monkeypatch.delenv("VCONF_CHAT_USER")
    assert provision_cli(data) == 1
    assert "no credentials: set VCONF_CHAT_TOKEN" in capsys.readouterr().err
    assert rocket.rooms == {}


def test_provision_without_a_server_api_or_a_server_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("VCONF_CHAT_TOKEN", "t")
    monkeypatch.setenv("VCONF_CHAT_USER", "u")
    zulip = write_conf(tmp_path / "z", {"provider": "zulip", "server": "https://z.example.org", "stream": "c"})
    assert provision_cli(zulip) == 1
    assert "provisioning supports matrix and rocketchat" in capsys.readouterr().err
    # nothing listens on port 9 of the loopback
    gone = write_conf(tmp_path / "g", {"provider": "rocketchat", "server": "http://127.0.0.1:9"})
    assert provision_cli(gone) == 1
    err = capsys.readouterr().err
    assert "cannot reach http://127.0.0.1:9" in err and "Traceback" not in err


def test_chat_list_prints_every_channel(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = write_conf(tmp_path / "data", MATRIX)
    assert cli.main(["chat", "list", str(data)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].split() == ["paper/p1", "#paper-p1:matrix.example.org", "Attention", "<script>alert(\"x\")</script>", "&", "you"]
    assert out[-1] == "chat: 6 channels on matrix"
    assert cli.main(["chat", "list", str(data), "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == chat.channels_json(model.load(data))


# --------------------------------------------------------------------------------------
# The portal script in a real browser
# --------------------------------------------------------------------------------------


class _SiteHandler(SimpleHTTPRequestHandler):
    """Serves the test site; /channel/<name> stands in for the chat server's embed."""

    requests: list[str]

    def log_message(self, *args: Any) -> None:
        pass

    def do_GET(self) -> None:
        self.server.requests.append(self.path)  # type: ignore[attr-defined]
        if self.path.startswith("/channel/"):
            body = b"<!doctype html><title>room</title><p>chat room</p>"
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        super().do_GET()


@pytest.fixture
def site(tmp_path: Path) -> Any:
    """A chat.html built from portal_html, served on 127.0.0.1, chat server on the same port."""
    root = tmp_path / "site"
    (root / "_static").mkdir(parents=True)
    (root / "data").mkdir()
    for name in ("vconf-time.js", "vconf-chat.js", "vconf-chat.css"):  # vconf-time.js: on every page
        (root / "_static" / name).write_bytes((STATIC / name).read_bytes())
    server = ThreadingHTTPServer(("127.0.0.1", 0), lambda *a: _SiteHandler(*a, directory=str(root)))
    server.daemon_threads = True
    server.requests = []  # type: ignore[attr-defined]
    base = f"http://127.0.0.1:{server.server_address[1]}"
    conf = load(tmp_path, {"provider": "rocketchat", "server": base, "general": [{"name": "lobby", "title": "Lobby"}]})
    (root / "data" / "channels.json").write_text(json.dumps(chat.channels_json(conf)))

    def page(name: str, portal: str) -> None:
        (root / name).write_text(
            '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Chat</title>'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            '<link rel="stylesheet" href="_static/vconf-chat.css"></head><body><main>'
            f'{portal}</main><script src="_static/vconf-time.js"></script>'
            '<script src="_static/vconf-chat.js"></script></body></html>')

    page("chat.html", chat.portal_html(conf))
    # The minimal markup: links to the portal, names only; the script fills in from channels.json.
    minimal = "".join(f'<li><a href="chat.html?channel={c.name}" data-channel="{c.name}">{c.title}</a></li>'
                      for c in chat.channels(conf) if "<" not in c.title)
    page("minimal.html", f'<div id="vconf-chat" data-channels="data/channels.json"><ul class="vconf-chat-list">{minimal}</ul></div>')
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield base, server.requests  # type: ignore[attr-defined]
    server.shutdown()
    server.server_close()


@pytest.fixture
def browser() -> Any:
    if not CHROMIUM.exists():
        pytest.skip("no /usr/bin/chromium (apt-get install chromium)")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield b
        b.close()


def open_page(browser: Any, url: str, outside: list[str], **context: Any) -> Any:
    ctx = browser.new_context(**context)
    # Nothing may leave the machine: any request not to the loopback is recorded and refused.
    ctx.route(lambda u: not u.startswith("http://127.0.0.1:"), lambda route: (outside.append(route.request.url), route.abort()))
    page = ctx.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(url)
    page.wait_for_selector(".vconf-chat--ready")
    page.errors = errors
    return page


@pytest.mark.browser
def test_portal_searches_and_embeds_on_click(browser: Any, site: Any) -> None:
    base, requests = site
    outside: list[str] = []
    page = open_page(browser, f"{base}/chat.html", outside, viewport={"width": 1200, "height": 800})
    assert page.get_by_label("Search channels").get_attribute("type") == "search"
    assert page.locator(".vconf-chat-status").text_content() == "7 channels"
    # no channel chosen: the lobby, with the organizer's general channel
    assert page.locator(".vconf-chat-lobby button", has_text="Lobby").is_visible()
    page.get_by_label("Search channels").fill("turing")  # an author, not in the title
    assert page.locator(".vconf-chat-list li:visible").count() == 1
    assert page.locator(".vconf-chat-status").text_content() == "1 of 7 channels match"
    page.get_by_label("Search channels").fill("uber aquivarianz")  # accents folded
    assert page.locator(".vconf-chat-list li:visible a").text_content().endswith("Über Äquivarianz")
    assert page.locator('details[data-group="paper/-"] .vconf-chat-count').text_content() == "1"
    page.get_by_label("Search channels").fill("")
    assert not [r for r in requests if r.startswith("/channel/")]  # nothing embedded yet
    # the search cleared, the groups are as they were: collapsed, with their counts
    assert not page.locator('a[data-channel="paper/p2"]').is_visible()
    assert page.locator('details[data-group="paper/-"] .vconf-chat-count').text_content() == "3"

    page.locator('details[data-group="paper/-"] summary').click()
    page.locator('a[data-channel="paper/p2"]').click()
    frame = page.locator("iframe.vconf-chat-frame")
    assert frame.get_attribute("src") == f"{base}/channel/paper-p2?layout=embedded"
    assert frame.get_attribute("sandbox") == "allow-scripts allow-same-origin allow-forms allow-popups"
    assert frame.get_attribute("title") == "Chat: Graph networks"
    assert page.locator("#vconf-chat-heading").text_content() == "Graph networks"
    assert page.locator('a[data-channel="paper/p2"]').get_attribute("aria-current") == "true"
    assert page.url == f"{base}/chat.html?channel=paper%2Fp2"
    assert page.locator(".vconf-chat-page").get_attribute("href") == "papers/p2.html"
    page.wait_for_function("() => document.querySelector('iframe').contentDocument?.body?.textContent === 'chat room'")
    assert "/channel/paper-p2?layout=embedded" in requests
    # the untrusted title is text, never markup
    assert page.locator('a[data-channel="paper/p1"] .vconf-chat-title').text_content() == PAPERS[0]["title"]
    assert page.errors == [] and outside == []


@pytest.mark.browser
def test_portal_deep_link_waits_for_a_click(browser: Any, site: Any) -> None:
    base, requests = site
    outside: list[str] = []
    for wanted in ("paper/p1", "paper-p1"):  # the stable key, or the channel's name
        page = open_page(browser, f"{base}/chat.html?channel={wanted}", outside)
        assert page.locator("#vconf-chat-heading").text_content() == PAPERS[0]["title"]
        assert page.locator("iframe").count() == 0
        assert not [r for r in requests if r.startswith("/channel/")]
        page.get_by_role("button", name="Load the chat").click()
        assert page.locator("iframe.vconf-chat-frame").get_attribute("src").endswith("/channel/paper-p1?layout=embedded")
        assert page.url.endswith("?channel=paper%2Fp1")
        # The room's request must have reached the server before the next round starts counting.
        page.wait_for_function("() => document.querySelector('iframe').contentDocument?.body?.textContent === 'chat room'")
        page.context.close()
        requests.clear()
    page = open_page(browser, f"{base}/chat.html?channel=nope", outside)
    assert "There is no channel “nope”" in page.locator(".vconf-chat-body").text_content()
    assert page.errors == [] and outside == []


@pytest.mark.browser
def test_portal_on_a_phone_shows_list_or_channel(browser: Any, site: Any) -> None:
    base, _ = site
    outside: list[str] = []
    page = open_page(browser, f"{base}/chat.html", outside, viewport={"width": 390, "height": 800})
    assert page.locator(".vconf-chat-groups").is_visible()
    assert not page.locator(".vconf-chat-panel").is_visible()
    page.locator('a[data-channel="general/lobby"]').click()
    assert page.locator(".vconf-chat-panel").is_visible()
    assert not page.locator(".vconf-chat-groups").is_visible()
    assert page.evaluate("document.activeElement.id") == "vconf-chat-heading"
    page.get_by_role("button", name="All channels").click()
    assert page.locator(".vconf-chat-groups").is_visible()
    assert not page.locator(".vconf-chat-panel").is_visible()
    assert page.url == f"{base}/chat.html"
    assert page.evaluate("document.activeElement.dataset.channel") == "general/lobby"
    assert page.errors == [] and outside == []


@pytest.mark.browser
def test_portal_fills_minimal_markup_from_channels_json(browser: Any, site: Any) -> None:
    base, _ = site
    outside: list[str] = []
    page = open_page(browser, f"{base}/minimal.html?channel=paper-p2", outside)
    page.wait_for_function("() => document.querySelector('#vconf-chat-heading').textContent === 'Graph networks'")
    page.get_by_role("button", name="Load the chat").click()
    assert page.locator("iframe").get_attribute("src") == f"{base}/channel/paper-p2?layout=embedded"
    assert page.url.endswith("minimal.html?channel=paper%2Fp2")  # rewritten to the stable key
    page.locator('a[data-channel="workshop-w1"]').click()
    assert page.locator("iframe").get_attribute("src") == f"{base}/channel/workshop-w1?layout=embedded"
    assert page.errors == [] and outside == []


@pytest.mark.browser
@pytest.mark.skipif(not AXE.exists(), reason="axe-core is not installed (make test installs it)")
def test_portal_has_no_serious_accessibility_violations(browser: Any, site: Any) -> None:
    base, _ = site
    outside: list[str] = []
    for query, view in (("", {"width": 1200, "height": 800}), ("?channel=paper/p2", {"width": 390, "height": 800})):
        page = open_page(browser, f"{base}/chat.html{query}", outside, viewport=view)
        if not query:
            page.get_by_label("Search channels").fill("graph")
            page.locator('a[data-channel="paper/p2"]').click()
        page.add_script_tag(path=str(AXE))
        result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
        serious = [f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes'][:3]]}"
                   for v in result["violations"] if v["impact"] in ("serious", "critical")]
        assert serious == [], "\n".join(serious)
    assert outside == []


def test_environment_is_not_leaked_into_the_portal(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VCONF_CHAT_TOKEN", "tok-SENTINEL")
    conf = load(tmp_path, MATRIX)
    assert "SENTINEL" not in chat.portal_html(conf)


def test_chat_list_keeps_conference_text_off_the_terminal_controls(tmp_path: Path,
                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    papers = [dict(PAPERS[0], title="Fake\rpaper/p9 \x1b[2J\x1b[31mred\nsecond line"), *PAPERS[1:]]
    data = write_conf(tmp_path / "data", MATRIX, papers=papers)
    assert cli.main(["chat", "list", str(data)]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\r" not in out
    assert len(out.splitlines()) == 7  # six channels and the total: no line of the title's own
