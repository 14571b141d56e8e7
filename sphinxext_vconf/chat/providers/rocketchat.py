"""Rocket.Chat public channels, through the REST API v1."""

from __future__ import annotations

from ..channels import Channel
from ..config import ChatConfig, ChatError
from ..credentials import Credentials
from ..http import Http, _why
from . import _NO_CREDENTIALS, Outcome


class RocketChat:
    """Public channels through the Rocket.Chat REST API v1 (as ICLR's make_poster_rooms)."""

    API = "/api/v1"

    def __init__(self, cfg: ChatConfig, creds: Credentials, http: Http):
        self.cfg, self.creds, self.http = cfg, creds, http
        self.logged_in = False

    def connect(self) -> None:
        if self.creds.token and self.creds.user:
            # A personal access token and the id of its user.
            self.http.headers.update({"X-Auth-Token": self.creds.token, "X-User-Id": self.creds.user})
        elif self.creds.user and self.creds.password:
            status, data = self.http.call("POST", f"{self.API}/login",
                                          {"user": self.creds.user, "password": self.creds.password})
            auth = data.get("data") if isinstance(data.get("data"), dict) else {}
            if status != 200 or not auth.get("authToken"):
                raise ChatError(f"login as {self.creds.user} refused: {_why(status, data)}")
            self.http.headers.update({"X-Auth-Token": auth["authToken"], "X-User-Id": auth["userId"]})
            self.logged_in = True
        else:
            raise ChatError(_NO_CREDENTIALS + " (Rocket.Chat: VCONF_CHAT_TOKEN with the user id "
                            "in VCONF_CHAT_USER, or VCONF_CHAT_USER and VCONF_CHAT_PASSWORD)")
        status, data = self.http.call("GET", f"{self.API}/me")
        if status != 200:
            raise ChatError(f"the server refused the credentials: {_why(status, data)}")

    def close(self) -> None:
        if self.logged_in:
            self.http.call("POST", f"{self.API}/logout", {})

    def notes(self) -> list[str]:
        return []

    def ensure(self, ch: Channel, topic: str, dry_run: bool) -> Outcome:
        status, data = self.http.call("GET", f"{self.API}/channels.info", query={"roomName": ch.name})
        if status == 200 and isinstance(data.get("channel"), dict):
            room = data["channel"]
            if (room.get("topic") or "") == topic:
                return Outcome("unchanged")
            if dry_run:
                return Outcome("updated", ["topic"])
            return self._topic(room["_id"], topic, Outcome("updated", ["topic"]))
        if "not-found" not in str(data.get("errorType", "")) + str(data.get("error", "")):
            return Outcome("failed", error=_why(status, data))
        if dry_run:
            return Outcome("created")
        status, data = self.http.call("POST", f"{self.API}/channels.create", {"name": ch.name})
        room = data.get("channel") if isinstance(data.get("channel"), dict) else {}
        if status != 200 or not room.get("_id"):
            return Outcome("failed", error=_why(status, data))
        return self._topic(room["_id"], topic, Outcome("created"))

    def _topic(self, room_id: str, topic: str, done: Outcome) -> Outcome:
        status, data = self.http.call("POST", f"{self.API}/channels.setTopic",
                                      {"roomId": room_id, "topic": topic})
        if status != 200 or not data.get("success", True):
            return Outcome("failed", error="cannot set the topic: " + _why(status, data))
        return done
