"""Matrix rooms with aliases, through the client-server API (v3)."""

from __future__ import annotations

import urllib.parse
from typing import Any

from ..channels import Channel
from ..config import ChatConfig, ChatError
from ..credentials import Credentials
from ..http import Http, _why
from . import _NO_CREDENTIALS, Outcome


class Matrix:
    """Rooms with aliases through the Matrix client-server API (v3)."""

    API = "/_matrix/client/v3"

    def __init__(self, cfg: ChatConfig, creds: Credentials, http: Http):
        self.cfg, self.creds, self.http = cfg, creds, http
        self.logged_in = False
        self.unlisted: list[str] = []

    def notes(self) -> list[str]:
        if not self.unlisted:
            return []
        n = len(self.unlisted)
        return [f"note: {n} room{'s are' if n != 1 else ' is'} not in the server's public room "
                f"directory (e.g. {self.unlisted[0]}), as its policy decides (Synapse: "
                "room_list_publication_rules); attendees still join through the portal's links"]

    def _listed(self, room: str, alias: str) -> None:
        q = urllib.parse.quote
        status, data = self.http.call("GET", f"{self.API}/directory/list/room/{q(room, safe='')}")
        if status == 200 and data.get("visibility") != "public":
            self.unlisted.append(alias)

    def connect(self) -> None:
        if self.creds.token:
            self.http.headers["Authorization"] = f"Bearer {self.creds.token}"
        elif self.creds.user and self.creds.password:
            status, data = self.http.call("POST", f"{self.API}/login", {
                "type": "m.login.password",
                "identifier": {"type": "m.id.user", "user": self.creds.user},
                "password": self.creds.password,
                "initial_device_display_name": "vconf chat provision",
            })
            if status != 200 or "access_token" not in data:
                raise ChatError(f"login as {self.creds.user} refused: {_why(status, data)}")
            self.http.headers["Authorization"] = f"Bearer {data['access_token']}"
            self.logged_in = True
        else:
            raise ChatError(_NO_CREDENTIALS)
        status, data = self.http.call("GET", f"{self.API}/account/whoami")
        if status != 200:
            raise ChatError(f"the server refused the credentials: {_why(status, data)}")
        server_name = str(data.get("user_id", "")).partition(":")[2]
        if server_name and server_name != self.cfg.domain:
            raise ChatError(
                f"conference.chat.domain is {self.cfg.domain!r} but the server at "
                f"{self.cfg.server} is named {server_name!r}: set conference.chat.domain: {server_name}"
            )

    def close(self) -> None:
        if self.logged_in:  # a password login made a device: remove it again
            self.http.call("POST", f"{self.API}/logout", {})

    def _state(self, room: str, event: str) -> tuple[int, dict[str, Any]]:
        q = urllib.parse.quote
        return self.http.call("GET", f"{self.API}/rooms/{q(room, safe='')}/state/{event}/")

    def ensure(self, ch: Channel, topic: str, dry_run: bool) -> Outcome:
        q = urllib.parse.quote
        alias = ch.address
        name = ch.title if len(ch.title) <= 255 else ch.title[:254] + "…"
        status, data = self.http.call("GET", f"{self.API}/directory/room/{q(alias, safe='')}")
        if status == 404:
            if dry_run:
                return Outcome("created")
            status, data = self.http.call("POST", f"{self.API}/createRoom", {
                "room_alias_name": ch.name, "name": name, "topic": topic,
                "preset": "public_chat", "visibility": "public",
            })
            if status == 200:
                self._listed(data.get("room_id", ""), alias)
                return Outcome("created")
            if data.get("errcode") != "M_ROOM_IN_USE":  # else created meanwhile: check it
                return Outcome("failed", error=_why(status, data))
            status, data = self.http.call("GET", f"{self.API}/directory/room/{q(alias, safe='')}")
        if status != 200 or "room_id" not in data:
            return Outcome("failed", error=_why(status, data))
        room = data["room_id"]
        st_topic, d_topic = self._state(room, "m.room.topic")
        if st_topic == 403:
            if dry_run:
                return Outcome("updated", ["membership (to read the topic)"])
            status, data = self.http.call("POST", f"{self.API}/join/{q(alias, safe='')}", {})
            if status != 200:
                return Outcome("failed", error="not a member and cannot join: " + _why(status, data))
            st_topic, d_topic = self._state(room, "m.room.topic")
        st_name, d_name = self._state(room, "m.room.name")
        for st, d in ((st_topic, d_topic), (st_name, d_name)):
            if st not in (200, 404):
                return Outcome("failed", error="cannot read the room state: " + _why(st, d))
        wanted = {"m.room.topic": ("topic", topic), "m.room.name": ("name", name)}
        current = {"m.room.topic": d_topic.get("topic", "") if st_topic == 200 else "",
                   "m.room.name": d_name.get("name", "") if st_name == 200 else ""}
        changes = [event for event, (_, value) in wanted.items() if current[event] != value]
        self._listed(room, alias)
        if not changes or dry_run:
            return Outcome("updated" if changes else "unchanged", [wanted[e][0] for e in changes])
        for event in changes:
            key, value = wanted[event]
            status, data = self.http.call(
                "PUT", f"{self.API}/rooms/{q(room, safe='')}/state/{event}/", {key: value}
            )
            if status != 200:
                return Outcome("failed", error=f"cannot set the {key}: {_why(status, data)}")
        return Outcome("updated", [wanted[e][0] for e in changes])
