"""``chat-portal``: every channel of the conference, opened beside the list."""

from __future__ import annotations

from docutils import nodes

from ..data import relpath
from .base import VconfDirective


class ChatPortalDirective(VconfDirective):
    scripts = ("vconf-chat.js",)
    styles = ("vconf-chat.css",)

    def render(self) -> list[nodes.Node]:
        data = self.vconf
        if data is None:
            return []
        if not data.conf.chat:
            self.warn("the conference has no chat settings (conference.chat in the YAML)")
            return []
        from .. import chat

        doc = self.docname
        root = relpath("", doc)
        context = chat.portal_context(data.conf, relpath("data/channels.json", doc), root)
        if context["activity"]:
            # Live activity is the organizer's choice: only then does the page carry the script
            # that asks the chat server anything.
            self.scripts = (*self.scripts, "vconf-chat-activity.js")
        return [self.component("chat-portal", **context)]
