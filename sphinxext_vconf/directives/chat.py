"""``chat-portal``: every channel of the conference, opened beside the list."""

from __future__ import annotations

from urllib.parse import quote

from docutils import nodes

from ..data import relpath
from ..html import esc
from .base import VconfDirective


class ChatPortalDirective(VconfDirective):
    def run(self) -> list[nodes.Node]:
        data = self.vconf
        if data is None:
            return []
        if not data.conf.chat:
            self.warn("the conference has no chat settings (conference.chat in the YAML)")
            return []
        from .. import chat

        doc = self.docname
        items = "".join(
            f'<li class="vconf-chat-item vconf-chat-{esc(c.kind)}"><a href="{esc(relpath("chat.html", doc))}?channel='
            f'{esc(quote(c.name, safe=""))}" data-channel="{esc(c.name)}">{esc(c.title)}</a></li>'
            for c in chat.channels(data.conf)
        )
        html = (f'<div id="vconf-chat" data-channels="{esc(relpath("data/channels.json", doc))}">'
                f'<ul class="vconf-chat-list">{items}</ul></div>')
        return [self.raw(html)]
