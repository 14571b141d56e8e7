project = "Hostile"
extensions = ["sphinxext_vconf"]
html_theme = "vconf"
exclude_patterns = ["_build", "data"]
vconf_embedding_model = "tfidf"
