"""``similar-papers``: the papers nearest to a paper, or to a free-text query.

A query needs the embedding model. Readers may run in forked processes, where the model
must not run, so a query directive leaves a pending node that a post-transform resolves
in the main process, where Sphinx resolves every doctree before writing.
"""

from __future__ import annotations

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.transforms.post_transforms import SphinxPostTransform

from .. import components, views
from .. import data as vdata
from ..data import ConferenceData
from .base import STAR_SCRIPTS, STAR_STYLES, VconfDirective


class similar_query(nodes.General, nodes.Element):
    """Placeholder for the papers nearest to ``query``, resolved before writing."""


class SimilarPapersDirective(VconfDirective):
    """``{similar-papers} PAPER_ID`` or ``{similar-papers}`` with ``:query:`` or a body."""

    scripts = STAR_SCRIPTS
    styles = STAR_STYLES
    optional_arguments = 1
    has_content = True
    option_spec = {"query": directives.unchanged, "limit": directives.positive_int,
                   "heading": directives.unchanged}

    def render(self) -> list[nodes.Node]:
        data = self.vconf
        if data is None:
            return []
        limit = self.options.get("limit", self.config.vconf_similar_k)
        heading = self.options.get("heading", "Similar papers")
        query = self.options.get("query") or "\n".join(self.content).strip()
        if self.arguments:
            paper = self.lookup(data.conf.papers, self.arguments[0], "paper")
            if paper is None:
                return []
            return similar_block(self, data, data.similar.get(paper.id, [])[:limit], heading=heading)
        if not query:
            self.warn("give a paper id, a :query: option or a text body")
            return []
        # nearest to free text: any paper's words may change the answer
        for path in data.data_files:
            self.env.note_dependency(str(path))
        node = similar_query(query=query, limit=limit, heading=heading)
        self.set_source_info(node)
        return [node]


def similar_block(d: VconfDirective, data: ConferenceData, ids: list[str], *, heading: str) -> list[nodes.Node]:
    if not ids:
        return []
    return [d.component("similar-papers", heading=heading, cards=views.cards(data, ids, d.docname, compact=True))]


class ResolveSimilarQueries(SphinxPostTransform):
    default_priority = 200

    def run(self, **kwargs: object) -> None:
        data = vdata.get(self.env)
        for node in list(self.document.findall(similar_query)):
            ids: list[str] = []
            if data is not None and data.embeddings is not None:
                from ..neighbors import nearest_to_vector

                vector = data.embeddings.encode_query(node["query"])
                unlisted = set(data.conf.papers) - {p.id for p in data.conf.listed_papers()}
                ids = nearest_to_vector(data.embeddings, vector, node["limit"], exclude=unlisted)
            if ids:
                cards = views.cards(data, ids, self.env.current_document.docname, compact=True)
                node.replace_self(components.node("similar-papers", heading=node["heading"], cards=cards))
            else:
                node.replace_self([])
