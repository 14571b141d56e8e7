project = "Talks Conf"
extensions = ["sphinxext_vconf"]
html_theme = "vconf"
exclude_patterns = ["_build", "data"]
vconf_embedding_model = "tfidf"
vconf_similar_k = 2
vconf_map = False
vconf_thumbnails = False
# a conference of talks, not papers
vconf_words = {"papers": "Talks", "paper_map": "Talk map", "abstract": "Description"}
