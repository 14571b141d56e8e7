"""``vconf chat provision`` against a real Matrix homeserver.

Synapse (matrix-synapse from PyPI) lives in its own venv, made by scripts/synapse-venv.sh
(it pins many packages of its own). The tests start it on 127.0.0.1 on a free port with
SQLite and a throwaway config: registration by shared secret only, no federation listener,
no trusted key servers, no stats reporting, no URL previews, so it reaches nothing outside.
Room creation is rate-limited tightly on purpose, so that the client meets real 429s.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import secrets
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

from sphinxext_vconf import chat, cli, model

REPO = Path(__file__).resolve().parents[1]
VENV = Path(os.environ.get("VCONF_SYNAPSE_VENV", REPO / ".venv-synapse"))
SYNAPSE = VENV / "bin" / "python"
READY = VENV / ".vconf-synapse"  # written by scripts/synapse-venv.sh when the install is complete
SERVER_NAME = "vconf.test"

CONFIG = """\
server_name: {server_name}
pid_file: {dir}/homeserver.pid
public_baseurl: {base}/
listeners:
  - port: {port}
    bind_addresses: ['127.0.0.1']
    type: http
    tls: false
    x_forwarded: false
    resources:
      - names: [client]
        compress: false
database:
  name: sqlite3
  args:
    database: {dir}/homeserver.db
media_store_path: {dir}/media
signing_key_path: {dir}/signing.key
registration_shared_secret: {secret}
macaroon_secret_key: {macaroon}
form_secret: {form}
enable_registration: false
report_stats: false
enable_metrics: false
trusted_key_servers: []
suppress_key_server_warning: true
federation_domain_whitelist: []
url_preview_enabled: false
presence:
  enabled: false
# Synapse lists no room in its public directory unless a rule allows it: paper rooms only here.
# The directory is readable without a token, as the portal's live activity needs.
allow_public_rooms_without_auth: true
room_list_publication_rules:
  - {{alias: "#paper-*", action: allow}}
rc_room_creation: {{per_second: 0.5, burst_count: 1}}
rc_message: {{per_second: 1000, burst_count: 1000}}
rc_joins:
  local: {{per_second: 1000, burst_count: 1000}}
  remote: {{per_second: 1000, burst_count: 1000}}
rc_registration: {{per_second: 1000, burst_count: 1000}}
rc_login:
  address: {{per_second: 1000, burst_count: 1000}}
  account: {{per_second: 1000, burst_count: 1000}}
  failed_attempts: {{per_second: 1000, burst_count: 1000}}
"""


@dataclass
class Homeserver:
    base: str
    secret: str
    log: Path

    def call(self, method: str, path: str, body: Any = None, token: str = "") -> tuple[int, dict[str, Any]]:
        headers = {"Content-Type": "application/json"}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(self.base + path, data=data, method=method, headers=headers)  # noqa: S310
        try:
            with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 - the local server
                return response.status, json.load(response)
        except urllib.error.HTTPError as exc:
            return exc.code, json.load(exc)

    def register(self, user: str, password: str, *, admin: bool) -> dict[str, Any]:
        """Register through the shared-secret admin API (HMAC-SHA1 over nonce, user, password, admin)."""
        _, data = self.call("GET", "/_synapse/admin/v1/register")
        nonce = data["nonce"]
        message = b"\0".join([nonce.encode(), user.encode(), password.encode(), b"admin" if admin else b"notadmin"])
        mac = hmac.new(self.secret.encode(), message, hashlib.sha1).hexdigest()
        status, data = self.call("POST", "/_synapse/admin/v1/register", {
            "nonce": nonce, "username": user, "password": password, "admin": admin, "mac": mac})
        assert status == 200, data
        return data

    def room_of(self, alias: str, token: str) -> str:
        status, data = self.call("GET", "/_matrix/client/v3/directory/room/" + urllib.parse.quote(alias, safe=""), token=token)
        assert status == 200, (alias, data)
        return data["room_id"]

    def state(self, room: str, event: str, token: str) -> dict[str, Any]:
        status, data = self.call("GET", f"/_matrix/client/v3/rooms/{urllib.parse.quote(room)}/state/{event}/", token=token)
        assert status == 200, (room, event, data)
        return data


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def homeserver(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Homeserver]:
    if not (READY.exists() and SYNAPSE.exists()):
        pytest.skip(f"no Matrix homeserver: run scripts/synapse-venv.sh to create {VENV} (matrix-synapse from PyPI)")
    folder = tmp_path_factory.mktemp("synapse")
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    secret = secrets.token_hex(16)
    (folder / "homeserver.yaml").write_text(CONFIG.format(
        server_name=SERVER_NAME, dir=folder, base=base, port=port, secret=secret,
        macaroon=secrets.token_hex(16), form=secrets.token_hex(16)))
    seed = base64.b64encode(secrets.token_bytes(32)).decode().rstrip("=")
    (folder / "signing.key").write_text(f"ed25519 a_vconf {seed}\n")
    log = folder / "synapse.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [str(SYNAPSE), "-m", "synapse.app.homeserver", "-c", str(folder / "homeserver.yaml")],
            stdout=out, stderr=subprocess.STDOUT, cwd=folder, start_new_session=True,
        )
    try:
        deadline = time.monotonic() + 45
        while True:
            if proc.poll() is not None:
                pytest.fail(f"synapse exited with {proc.returncode}:\n{log.read_text()[-3000:]}")
            try:
                with urllib.request.urlopen(f"{base}/health", timeout=2) as response:  # noqa: S310
                    if response.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"synapse did not answer within 45 s:\n{log.read_text()[-3000:]}")
            time.sleep(0.2)
        yield Homeserver(base, secret, log)
    finally:
        # Its own process group: a clean stop, then a hard one; nothing is left running.
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=10)


@pytest.fixture(scope="module")
def admin(homeserver: Homeserver) -> dict[str, Any]:
    return homeserver.register("organizer", "organizer-pw", admin=True)


PAPERS = [
    {"id": "p1", "title": "Attention <b>is</b> all & you need", "authors": ["Ada Lovelace"]},
    {"id": "p2", "title": "Graph networks", "authors": ["Alan Turing"]},
]
SESSIONS = [{"id": "oral-1", "title": "Orals 1", "kind": "oral", "start": "2026-05-04 09:00",
             "end": "2026-05-04 10:00", "papers": ["p1", "p2"]}]
WORKSHOPS = [{"id": "w1", "title": "Workshop on Graphs"}]


def write_conf(folder: Path, server: str, *, domain: str = SERVER_NAME, small: bool = False) -> Path:
    """The test conference; ``small``: one paper (p9) and nothing else."""
    folder.mkdir(parents=True, exist_ok=True)
    data = {
        "conference": {
            "name": "Matrix Test Conf", "timezone": "Europe/Berlin", "start_date": "2026-05-04",
            "end_date": "2026-05-05", "url": "https://conf.example/2026/",
            "chat": {"provider": "matrix", "server": server, "domain": domain,
                     "general": [] if small else [{"name": "lobby", "title": "Lobby"}]},
        },
        "papers": [{"id": "p9", "title": "Squatters", "authors": ["Eve"]}] if small else PAPERS,
        "sessions": [] if small else SESSIONS, "workshops": [] if small else WORKSHOPS,
    }
    (folder / "conference.yml").write_text(yaml.safe_dump(data, sort_keys=False))
    return folder


def run(data: Path, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, list[str], str]:
    code = cli.main(["chat", "provision", str(data), *args])
    captured = capsys.readouterr()
    return code, captured.out.splitlines(), captured.err


ALIASES = ["#lobby:vconf.test", "#paper-p1:vconf.test", "#paper-p2:vconf.test",
           "#session-oral-1:vconf.test", "#workshop-w1:vconf.test"]


def test_provision_creates_public_rooms_with_aliases_and_topics_then_is_a_no_op(
    homeserver: Homeserver, admin: dict[str, Any], tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
) -> None:
    data = write_conf(tmp_path / "data", homeserver.base)
    token = admin["access_token"]
    monkeypatch.setenv("VCONF_CHAT_TOKEN", token)

    code, out, _ = run(data, capsys, "--dry-run")
    assert code == 0
    assert out == [f"would create {a}" for a in ALIASES] + ["chat (dry run): 5 to create, 0 to update, 0 unchanged"]

    code, out, _ = run(data, capsys)
    assert code == 0, out
    assert out[:-2] == [f"created {a} (topic set)" for a in ALIASES]
    assert out[-2].startswith("note: 3 rooms are not in the server's public room directory (e.g. #lobby:vconf.test)")
    # five rooms, one a second: the server answered 429 and the client waited
    assert out[-1].startswith("chat: 5 created, 0 updated, 0 unchanged; waited ")

    conf = model.load(data)
    for ch in chat.channels(conf):
        room = homeserver.room_of(ch.address, token)
        assert homeserver.state(room, "m.room.topic", token)["topic"] == chat.topic_for(conf, ch)
        assert homeserver.state(room, "m.room.name", token)["name"] == ch.title
        assert homeserver.state(room, "m.room.join_rules", token)["join_rule"] == "public"
        assert homeserver.state(room, "m.room.canonical_alias", token)["alias"] == ch.address
    topic = homeserver.state(homeserver.room_of("#paper-p1:vconf.test", token), "m.room.topic", token)["topic"]
    assert topic == "Attention <b>is</b> all & you need — https://conf.example/2026/papers/p1.html"
    status, public = homeserver.call("GET", "/_matrix/client/v3/publicRooms", token=token)
    assert status == 200
    assert sorted(r.get("canonical_alias") for r in public["chunk"]) == ["#paper-p1:vconf.test", "#paper-p2:vconf.test"]
    _, rooms = homeserver.call("GET", "/_synapse/admin/v1/rooms", token=token)
    count = rooms["total_rooms"]

    # Second run: nothing created, nothing changed, no rate limit met.
    code, out, _ = run(data, capsys)
    assert code == 0
    assert out[:5] == [f"unchanged {a}" for a in ALIASES]
    assert out[-1] == "chat: 0 created, 0 updated, 5 unchanged"
    _, rooms = homeserver.call("GET", "/_synapse/admin/v1/rooms", token=token)
    assert rooms["total_rooms"] == count

    # An attendee with an ordinary account can join by alias.
    attendee = homeserver.register("attendee", "attendee-pw", admin=False)
    status, joined = homeserver.call("POST", "/_matrix/client/v3/join/" + urllib.parse.quote("#paper-p2:vconf.test", safe=""),
                                     {}, token=attendee["access_token"])
    assert status == 200 and joined["room_id"] == homeserver.room_of("#paper-p2:vconf.test", token)


def test_provision_restores_edited_topics_and_follows_the_site_url(
    homeserver: Homeserver, admin: dict[str, Any], tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
) -> None:
    data = write_conf(tmp_path / "data", homeserver.base)
    token = admin["access_token"]
    monkeypatch.setenv("VCONF_CHAT_TOKEN", token)
    run(data, capsys)  # whatever the first test left: all there now
    room = homeserver.room_of("#paper-p2:vconf.test", token)
    status, _ = homeserver.call("PUT", f"/_matrix/client/v3/rooms/{urllib.parse.quote(room)}/state/m.room.topic/",
                                {"topic": "edited by hand"}, token=token)
    assert status == 200

    code, out, _ = run(data, capsys)
    assert code == 0
    assert "updated topic #paper-p2:vconf.test" in out
    assert out[-1] == "chat: 0 created, 1 updated, 4 unchanged"
    assert homeserver.state(room, "m.room.topic", token)["topic"] == "Graph networks — https://conf.example/2026/papers/p2.html"

    code, out, _ = run(data, capsys, "--site-url", "https://mirror.example.cn/conf/")
    assert out[-1] == "chat: 0 created, 5 updated, 0 unchanged"
    assert homeserver.state(room, "m.room.topic", token)["topic"] == "Graph networks — https://mirror.example.cn/conf/papers/p2.html"


def test_provision_logs_in_with_a_password_from_a_credentials_file_and_logs_out(
    homeserver: Homeserver, admin: dict[str, Any], tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
) -> None:
    data = write_conf(tmp_path / "project" / "data", homeserver.base)
    creds = tmp_path / "home" / "matrix.env"
    creds.parent.mkdir()
    creds.write_text("VCONF_CHAT_USER=organizer\nVCONF_CHAT_PASSWORD=organizer-pw\n")
    creds.chmod(0o600)
    for key in ("VCONF_CHAT_TOKEN", "VCONF_CHAT_USER", "VCONF_CHAT_PASSWORD"):
        monkeypatch.delenv(key, raising=False)
    token = admin["access_token"]
    devices = f"/_synapse/admin/v2/users/{urllib.parse.quote(admin['user_id'])}/devices"
    before = homeserver.call("GET", devices, token=token)[1]["total"]

    code, out, _ = run(data, capsys, "--credentials", str(creds))
    assert code == 0, out
    assert out[-1].startswith("chat: ") and "failed" not in out[-1]
    assert homeserver.call("GET", devices, token=token)[1]["total"] == before  # the login's device is gone

    creds.write_text("VCONF_CHAT_USER=organizer\nVCONF_CHAT_PASSWORD=wrong\n")
    code, _, err = run(data, capsys, "--credentials", str(creds))
    assert code == 1
    assert "login as organizer refused: M_FORBIDDEN" in err


def test_a_wrong_domain_is_caught_before_anything_is_created(
    homeserver: Homeserver, admin: dict[str, Any], tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
) -> None:
    data = write_conf(tmp_path / "data", homeserver.base, domain="example.org")
    monkeypatch.setenv("VCONF_CHAT_TOKEN", admin["access_token"])
    assert cli.main(["chat", "provision", str(data)]) == 1
    err = capsys.readouterr().err
    assert "conference.chat.domain is 'example.org' but the server" in err
    assert "set conference.chat.domain: vconf.test" in err

    monkeypatch.setenv("VCONF_CHAT_TOKEN", "not-a-token")
    assert cli.main(["chat", "provision", str(write_conf(tmp_path / "d2", homeserver.base))]) == 1
    assert "the server refused the credentials: M_UNKNOWN_TOKEN" in capsys.readouterr().err


def test_a_room_someone_else_owns_is_joined_and_reported_not_taken_over(
    homeserver: Homeserver, admin: dict[str, Any], tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
) -> None:
    squatter = homeserver.register("squatter", "squatter-pw", admin=False)
    status, _ = homeserver.call("POST", "/_matrix/client/v3/createRoom", {
        "room_alias_name": "paper-p9", "name": "Mine", "preset": "public_chat"}, token=squatter["access_token"])
    assert status == 200
    data = write_conf(tmp_path / "data", homeserver.base, small=True)
    monkeypatch.setenv("VCONF_CHAT_TOKEN", admin["access_token"])

    code, out, _ = run(data, capsys, "--dry-run")
    assert out[0] == "would update membership (to read the topic) #paper-p9:vconf.test"
    code, out, _ = run(data, capsys)
    assert code == 1
    # joined (a public room), but its creator's power levels do not let us set the topic
    assert out[0].startswith("failed #paper-p9:vconf.test: cannot set the topic: M_FORBIDDEN")
    assert out[-1] == "chat: 0 created, 0 updated, 0 unchanged, 1 failed"
    room = homeserver.room_of("#paper-p9:vconf.test", admin["access_token"])
    assert homeserver.state(room, "m.room.name", squatter["access_token"])["name"] == "Mine"


def test_the_homeserver_reached_nothing_outside(homeserver: Homeserver, admin: dict[str, Any]) -> None:
    log = homeserver.log.read_text(errors="replace")
    assert "Synapse now listening on TCP port" in log
    # no key server (matrix.org by default), no stats endpoint, no federation traffic
    assert "matrix.org" not in log
    assert "Sending request" not in log and "federation_client" not in log


# --------------------------------------------------------------------------------------
# Live activity in the portal, from this server's public room directory
# --------------------------------------------------------------------------------------


def activity_site(folder: Path, server: str, *, activity: bool) -> model.Conference:
    """A conference of three papers whose portal asks (or, off, never asks) ``server``."""
    folder.mkdir(parents=True, exist_ok=True)
    data = {
        "conference": {
            "name": "Busy Conf", "timezone": "Europe/Berlin", "start_date": "2026-05-04", "end_date": "2026-05-05",
            "chat": {"provider": "matrix", "server": server, "domain": SERVER_NAME, "activity": activity,
                     "embed": False,  # no Element here: Synapse itself refuses to be framed
                     "general": [{"name": "lobby", "title": "Lobby"}]},
        },
        "papers": [{"id": f"a{i}", "title": f"Busy paper {i}", "authors": ["Ada"], "track": "Activity"} for i in (1, 2, 3)],
    }
    (folder / "conference.yml").write_text(yaml.safe_dump(data, sort_keys=False))
    return model.load(folder)


@pytest.mark.browser
def test_the_portal_marks_the_busiest_rooms_and_asks_nothing_when_off(
    homeserver: Homeserver, admin: dict[str, Any], browser: Any, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
) -> None:
    from browser import ARTIFACTS, PageWatch, serve
    from test_chat_browser import write_site

    conf = activity_site(tmp_path / "on" / "data", homeserver.base, activity=True)
    monkeypatch.setenv("VCONF_CHAT_TOKEN", admin["access_token"])
    code, out, _ = run(tmp_path / "on" / "data", capsys)
    assert code == 0, out
    # Rooms of 1, 3 and 5 people: a3 is the busiest, a1 has only its creator.
    fans = [homeserver.register(f"fan{i}", f"fan{i}-pw", admin=False)["access_token"] for i in range(4)]
    for alias, people in (("#paper-a2:vconf.test", fans[:2]), ("#paper-a3:vconf.test", fans)):
        for token in people:
            status, _ = homeserver.call("POST", "/_matrix/client/v3/join/" + urllib.parse.quote(alias, safe=""), {}, token=token)
            assert status == 200
    status, public = homeserver.call("GET", "/_matrix/client/v3/publicRooms?limit=500")  # no token
    assert status == 200
    counts = {r.get("canonical_alias"): r["num_joined_members"] for r in public["chunk"]}
    assert [counts[f"#paper-a{i}:vconf.test"] for i in (1, 2, 3)] == [1, 3, 5]

    write_site(tmp_path / "on" / "site", conf, ("vconf-chat.js", "vconf-chat-activity.js"))
    shots = ARTIFACTS / "chat"
    shots.mkdir(parents=True, exist_ok=True)
    with serve(tmp_path / "on" / "site", prefix="/") as base:
        for name, viewport in (("laptop", {"width": 1366, "height": 900}), ("phone", {"width": 360, "height": 740})):
            ctx = browser.new_context(viewport=viewport)
            page = ctx.new_page()
            watch = PageWatch(page)
            asked: list[str] = []
            page.on("request", lambda r, asked=asked: asked.append(r.url) if r.url.startswith(homeserver.base) else None)
            try:
                page.goto(base + "chat.html")
                page.wait_for_selector("#vconf-chat[data-activity-state='shown']")
                busiest = page.locator(".vconf-chat-nav .vconf-chat-busiest-channel")
                assert busiest.evaluate_all("bs => bs.map(b => b.dataset.channel)") == ["paper/a3", "paper/a2"]
                assert busiest.locator(".vconf-chat-members-n").all_inner_texts() == ["5", "3"]
                assert page.locator("li.vconf-chat-busy a[data-channel='paper/a3'] .vconf-chat-busy-mark").count() == 1
                assert page.locator("a[data-channel='paper/a1'] .vconf-chat-members").count() == 0
                busiest_box = busiest.first.bounding_box()
                assert busiest_box is not None and busiest_box["y"] + busiest_box["height"] <= viewport["height"]
                if name == "laptop":  # the lobby's panel lists them too
                    assert page.locator(".vconf-chat-lobby .vconf-chat-busiest-channel").first.is_visible()
                page.screenshot(path=str(shots / f"activity-{name}.png"))
                # One request, to the directory, without credentials; nothing else until a click.
                assert asked == [f"{homeserver.base}/_matrix/client/v3/publicRooms?limit=500"]
                busiest.first.click()
                assert page.locator("#vconf-chat-heading").text_content() == "Busy paper 3"
                assert watch.errors == [] and watch.outside == []
            finally:
                ctx.close()

    # Off (the default): the page carries neither the script nor the URL, and asks nothing.
    conf = activity_site(tmp_path / "off" / "data", homeserver.base, activity=False)
    write_site(tmp_path / "off" / "site", conf)
    assert "publicRooms" not in (tmp_path / "off" / "site" / "chat.html").read_text()
    with serve(tmp_path / "off" / "site", prefix="/") as base:
        ctx = browser.new_context(viewport={"width": 1366, "height": 900})
        page = ctx.new_page()
        asked = []
        page.on("request", lambda r: asked.append(r.url) if r.url.startswith(homeserver.base) else None)
        try:
            page.goto(base + "chat.html", wait_until="networkidle")
            page.get_by_label("Search channels").fill("busy")
            assert page.locator(".vconf-chat-status").text_content() == "3 of 4 channels match"
            page.wait_for_timeout(500)
            assert asked == []
            assert page.locator(".vconf-chat-busiest, .vconf-chat-members").count() == 0
        finally:
            ctx.close()
