"""Sphinx configuration of the sample conference in ``conference/``.

Build it with ``make html`` (or ``sphinx-build -c . conference _build/html``). For your own
conference, copy this file beside your own ``conference/`` folder: the conference itself
lives in ``conference/data/*.yml``; the options below are the vconf ones you may want.
"""

project = "VConf 2026"
author = "The VConf 2026 organizers"
copyright = "2026, the VConf 2026 organizers"

extensions = ["sphinxext_vconf"]
html_theme = "vconf"
html_title = "VConf 2026"
html_logo = "conference/static/logo.svg"  # relative to this file
html_theme_options = {
    # The footer of the pydata theme links to sphinx-doc.org and pydata; keep the site quiet.
    "footer_end": [],
}
html_show_sourcelink = False
html_copy_source = False  # the pages' Markdown sources: thousands of files no reader opens
exclude_patterns = ["_build", "data", "static", "pdfs"]  # relative to conference/

# vconf: see the configuration reference in README.md.
vconf_data_dir = "data"
vconf_similar_k = 5
