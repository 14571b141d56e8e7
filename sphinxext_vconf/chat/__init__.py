"""Chat channels: one per paper, session and workshop, plus general ones from the config.

The site stays static; the chat runs on the organizers' own server (Matrix, Rocket.Chat,
Zulip, Mattermost, or any service given by link templates).  This package

* validates ``conference.chat`` (:func:`config`) and derives every channel from it
  (:func:`channels`, :func:`channel_for`, :func:`channels_json`, :func:`portal_html`);
* creates the channels on the server, idempotently (``vconf chat provision``), through the
  Matrix client-server API or the Rocket.Chat REST API, with the standard library only.

Stable links.  Channel *names* come from one template (``channel_template``, default
``{kind}-{id}``), so renaming is one edit; but a name is only what the chat server calls
the room.  Pages link to the portal with the channel *key*, ``chat.html?channel=paper/<id>``
(``kind/id``, or ``general/<name>``), which depends on nothing but the record's id: a new
template renames every room yet no link on the site, in a bookmark or in a tweet breaks.
The portal script also accepts a channel name after ``?channel=``.

Credentials come from the environment (``VCONF_CHAT_TOKEN``, ``VCONF_CHAT_USER``,
``VCONF_CHAT_PASSWORD``) or from ``--credentials FILE`` outside the project; never from the
YAML (a secret-looking key in ``conference.chat`` is an error) and never into the site.

Embedding needs the chat server to allow being framed by the site: Rocket.Chat's
"Restrict access inside any Iframe" off; Element served with a ``frame-ancestors`` policy
that names the site.  Zulip and Mattermost refuse framing, so they open in a new tab.
"""

from __future__ import annotations

from .channels import Channel, channel_for, channels, channels_json, problems, topic_for
from .cli import add_cli, terminal_safe
from .config import (
    ACTIVITY_PROVIDERS,
    DEFAULT_TEMPLATE,
    KINDS,
    PROVIDERS,
    ChatConfig,
    ChatConfigError,
    ChatError,
    General,
    config,
)
from .credentials import Credentials, load_credentials
from .http import Http
from .portal import portal_context, portal_html
from .providers import Outcome
from .providers.matrix import Matrix
from .providers.rocketchat import RocketChat
from .provision import PROVISIONERS, Summary, provision

__all__ = [
    "PROVIDERS",
    "KINDS",
    "DEFAULT_TEMPLATE",
    "ACTIVITY_PROVIDERS",
    "ChatConfig",
    "ChatConfigError",
    "ChatError",
    "Channel",
    "Credentials",
    "General",
    "Http",
    "Matrix",
    "Outcome",
    "PROVISIONERS",
    "RocketChat",
    "Summary",
    "config",
    "channels",
    "channel_for",
    "channels_json",
    "portal_context",
    "portal_html",
    "problems",
    "topic_for",
    "load_credentials",
    "provision",
    "add_cli",
    "terminal_safe",
]
