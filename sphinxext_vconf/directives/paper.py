"""``paper``: a paper's full block (its page), or its card."""

from __future__ import annotations

from docutils import nodes
from docutils.parsers.rst import directives

from .. import components, embeds, views
from ..config import word
from ..data import ConferenceData, relpath
from ..model import Paper
from .base import STAR_SCRIPTS, STAR_STYLES, VconfDirective, rich_text
from .reviews import DECISION_LABELS, extra_nodes, reviews_nodes, type_badges
from .similar import similar_block

PRESENTATION_LABELS = views.PRESENTATION_LABELS


class PaperDirective(VconfDirective):
    """Show a paper: ``:card:`` for its gallery card, otherwise everything about it."""

    scripts = STAR_SCRIPTS
    styles = STAR_STYLES
    required_arguments = 1
    option_spec = {"card": directives.flag, "no-similar": directives.flag}

    def render(self) -> list[nodes.Node]:
        data = self.vconf
        if data is None:
            return []
        paper = self.lookup(data.conf.papers, self.arguments[0], "paper")
        if paper is None:
            return []
        if "card" in self.options:
            return [self.component("paper-cards", cards=views.cards(data, [paper.id], self.docname))]
        return paper_block(self, data, paper, similar="no-similar" not in self.options)


def paper_block(d: VconfDirective, data: ConferenceData, paper: Paper, *, similar: bool = True) -> list[nodes.Node]:
    """A paper's page: header, then the talk beside its chat, then abstract, figure,
    keywords, sessions, reviews and similar papers."""
    doc = d.docname
    conf = data.conf
    out: list[nodes.Node] = [d.component("paper-header", paper={
        "id": paper.id, "authors": [{"name": a.name, "affiliation": a.affiliation} for a in paper.authors],
        "badges": badges(paper), "actions": _actions(data, paper, doc)}),
        components.declare(conference_page=True)]  # a paper's page, wherever it is written

    out.extend(stage(d, data, "paper", paper.id, paper.title, paper.video))

    body: list[nodes.Node] = []
    if paper.abstract:
        body.append(nodes.rubric("", word(d.env.config, "abstract")))
        body.extend(rich_text(paper.abstract, "vconf-abstract"))
    if paper.extra:
        body.extend(extra_nodes(d, paper))
    figure = views.thumb(data, paper, doc)
    if figure:
        body.append(d.component("paper-figure", figure=figure))
    if paper.keywords:
        kw = nodes.paragraph(classes=["vconf-keywords"])
        kw += nodes.inline("", "Keywords: ", classes=["vconf-label"])
        for i, k in enumerate(paper.keywords):
            if i:
                kw += nodes.Text(" ")
            url = relpath("papers.html", doc) + "?q=" + _quote(k)
            kw += nodes.reference(k, k, refuri=url, classes=["vconf-chip"])
        body.append(kw)
    sessions = conf.sessions_of_paper(paper.id)
    if sessions:
        body.append(nodes.rubric("", "Sessions"))
        body.append(d.component("session-lines", sessions=[views.session_line(data, s, doc, paper=paper.id)
                                                            for s in sessions]))
    if paper.reviews:
        body.append(nodes.rubric("", "Reviews"))
        body.extend(reviews_nodes(d, conf, paper))
    if body:
        out.append(d.wrap("div", *body, classes=("vconf-paper-body",)))
    if similar:
        out.extend(similar_block(d, data, data.similar.get(paper.id, []), heading="Similar papers"))
    return [d.wrap("article", *out, classes=("vconf-paper",), data_id=paper.id)]


def badges(paper: Paper) -> list[dict[str, str]]:
    """One badge per fact: a decision that only repeats the presentation ("poster" beside
    "Poster", or a plain accept) is not a second badge."""
    presentation = PRESENTATION_LABELS.get(paper.presentation, paper.presentation)
    out = [{"kind": "presentation", "label": presentation}]
    if paper.track:
        out.append({"kind": "track", "label": paper.track})
    out += type_badges(paper)
    decision = paper.decision.strip()
    if decision and presentation.lower() not in decision.lower() and decision.lower() != "accept":
        out.append({"kind": f"decision vconf-decision-{decision}",
                    "label": DECISION_LABELS.get(decision, decision[:1].upper() + decision[1:])})
    return out


def _quote(text: str) -> str:
    from urllib.parse import quote

    return quote(text, safe="")


def _actions(data: ConferenceData, paper: Paper, doc: str) -> list[dict[str, object]]:
    links = []
    if paper.pdf:
        links.append(views.action("PDF", views.url(paper.pdf, doc), "pdf"))
    if paper.code:
        links.append(views.action("Code", paper.code, "code"))
    if paper.slides:
        links.append(views.action("Slides", views.url(paper.slides, doc), "slides"))
    if paper.video and not embeds.video_embed(paper.video):
        links.append(views.action("Video", views.url(paper.video, doc), "video"))
    channel = chat_channel(data, "paper", paper.id)
    if channel is not None and not data.archive:
        links.append(views.action("Chat", relpath(channel.link, doc), "chat"))
    if paper.sessions:
        links.append(views.action("Add to calendar", relpath(f"calendars/papers/{paper.id}.ics", doc), "calendar"))
    return links


def chat_channel(data: ConferenceData, kind: str, ident: str):  # noqa: ANN201 - chat.Channel
    if not data.conf.chat:
        return None
    from .. import chat

    return chat.channel_for(data.conf, kind, ident)


def stage(d: VconfDirective, data: ConferenceData, kind: str, ident: str, title: str, video_url: str,
          *, recorded_only: bool = False) -> list[nodes.Node]:
    """The talk beside its chat (the ``stage`` component), or nothing when there is neither;
    ``recorded_only``: a live stream is a button, not an embed."""
    video = embeds.video_embed(video_url) if video_url and not (recorded_only and embeds.is_live(video_url)) else None
    video_ctx = embeds.placeholder(video[1], title, kind="video", provider=video[0],
                                   open_url=video_url) if video else None
    chat_ctx = chat_embed(data, kind, ident, title)
    if not (video_ctx or chat_ctx):
        return []
    # A page with a stage is a talk's page, generated or written by the organizer.
    return [d.component("stage", video=video_ctx, chat=chat_ctx), components.declare(conference_page=True)]


def chat_embed(data: ConferenceData, kind: str, ident: str, title: str) -> dict[str, str] | None:
    """The click-to-load chat of a paper, session or workshop (the embed's context); none in archive mode."""
    if data.archive:
        return None
    channel = chat_channel(data, kind, ident)
    if channel is None or not channel.embed_url:
        return None
    return embeds.placeholder(channel.embed_url, title, kind="chat",
                              provider=str(data.conf.chat.get("provider", "chat")), open_url=channel.open_url)
