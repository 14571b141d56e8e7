"""``paper``: a paper's full block (its page), or its card."""

from __future__ import annotations

from docutils import nodes
from docutils.parsers.rst import directives

from .. import embeds
from ..config import word
from ..data import ConferenceData, relpath
from ..html import esc, paper_cards, safe_url, session_line, thumb_img
from ..model import Paper
from .base import VconfDirective, rich_text
from .reviews import badges as type_badges
from .reviews import extra_nodes, reviews_nodes
from .similar import similar_block

PRESENTATION_LABELS = {"oral": "Oral", "spotlight": "Spotlight", "poster": "Poster"}


class PaperDirective(VconfDirective):
    """Show a paper: ``:card:`` for its gallery card, otherwise everything about it."""

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
            return [self.raw(paper_cards(data, [paper.id], self.docname))]
        return paper_block(self, data, paper, similar="no-similar" not in self.options)


def paper_block(d: VconfDirective, data: ConferenceData, paper: Paper, *, similar: bool = True) -> list[nodes.Node]:
    doc = d.docname
    conf = data.conf
    out: list[nodes.Node] = [d.tag(f'<article class="vconf-paper" data-id="{esc(paper.id)}">')]

    authors = nodes.paragraph(classes=["vconf-authors"])
    for i, a in enumerate(paper.authors):
        if i:
            authors += nodes.Text(", ")
        authors += nodes.inline(a.name, a.name, classes=["vconf-author"])
        if a.affiliation:
            authors += nodes.inline("", f" ({a.affiliation})", classes=["vconf-affiliation"])
    out.append(authors)

    badges = [f'<span class="vconf-badge vconf-badge-presentation">'
              f'{esc(PRESENTATION_LABELS.get(paper.presentation, paper.presentation))}</span>']
    if paper.track:
        badges.append(f'<span class="vconf-badge vconf-badge-track">{esc(paper.track)}</span>')
    badges += type_badges(paper)
    out.append(d.raw(f'<p class="vconf-badges">{" ".join(badges)}</p>'))
    out.append(d.raw(_actions(data, paper, doc)))

    figure = thumb_img(data, paper, doc, "vconf-paper-figure")
    if figure:
        out.append(d.raw(f'<figure class="vconf-paper-thumb">{figure}</figure>'))

    if paper.abstract:
        out.append(nodes.rubric("", word(d.env.config, "abstract")))
        out.extend(rich_text(paper.abstract, "vconf-abstract"))
    if paper.extra:
        out.extend(extra_nodes(d, paper))
    if paper.keywords:
        kw = nodes.paragraph(classes=["vconf-keywords"])
        kw += nodes.inline("", "Keywords: ", classes=["vconf-label"])
        for i, k in enumerate(paper.keywords):
            if i:
                kw += nodes.Text(" ")
            url = relpath("papers.html", doc) + "?q=" + _quote(k)
            kw += nodes.reference(k, k, refuri=url, classes=["vconf-chip"])
        out.append(kw)

    sessions = conf.sessions_of_paper(paper.id)
    if sessions:
        out.append(nodes.rubric("", "Sessions"))
        items = "".join(session_line(data, s, doc, paper=paper.id) for s in sessions)
        out.append(d.raw(f'<ul class="vconf-sessions">{items}</ul>'))

    if paper.video:
        video = embeds.video_embed(paper.video)
        if video:
            provider, src = video
            out.append(nodes.rubric("", "Talk"))
            out.append(d.raw(embeds.placeholder(src, paper.title, kind="video", provider=provider,
                                                open_url=paper.video)))

    chat_html = chat_embed(data, "paper", paper.id, paper.title, doc)
    if chat_html:
        out.append(nodes.rubric("", "Chat"))
        out.append(d.raw(chat_html))

    if paper.reviews:
        out.append(nodes.rubric("", "Reviews"))
        out.extend(reviews_nodes(d, conf, paper))
    if similar:
        out.extend(similar_block(d, data, data.similar.get(paper.id, []), heading="Similar papers"))
    out.append(d.tag("</article>"))
    return out


def _quote(text: str) -> str:
    from urllib.parse import quote

    return quote(text, safe="")


def _actions(data: ConferenceData, paper: Paper, doc: str) -> str:
    links: list[tuple[str, str, str]] = []  # (label, url, class)
    if paper.pdf:
        links.append(("PDF", safe_url(paper.pdf, doc), "pdf"))
    if paper.code:
        links.append(("Code", esc(paper.code), "code"))
    if paper.slides:
        links.append(("Slides", safe_url(paper.slides, doc), "slides"))
    if paper.video and not embeds.video_embed(paper.video):
        links.append(("Video", safe_url(paper.video, doc), "video"))
    channel = chat_channel(data, "paper", paper.id)
    if channel is not None and not data.archive:
        links.append(("Chat", esc(relpath(channel.link, doc)), "chat"))
    if paper.sessions:
        links.append(("Add to calendar", esc(relpath(f"calendars/papers/{paper.id}.ics", doc)), "calendar"))
    buttons = " ".join(
        f'<a class="btn btn-sm vconf-action vconf-action-{cls}" href="{url}"'
        + (' rel="noopener"' if url.startswith("http") else "")
        + f">{esc(label)}</a>"
        for label, url, cls in links
    )
    return f'<p class="vconf-actions">{buttons}</p>'


def chat_channel(data: ConferenceData, kind: str, ident: str):  # noqa: ANN201 - chat.Channel
    if not data.conf.chat:
        return None
    from .. import chat

    return chat.channel_for(data.conf, kind, ident)


def chat_embed(data: ConferenceData, kind: str, ident: str, title: str, doc: str) -> str:
    """The click-to-load chat of a paper, session or workshop; nothing in archive mode."""
    if data.archive:
        return ""
    channel = chat_channel(data, kind, ident)
    if channel is None or not channel.embed_url:
        return ""
    return embeds.placeholder(channel.embed_url, title, kind="chat",
                              provider=str(data.conf.chat.get("provider", "chat")),
                              open_url=channel.open_url)
