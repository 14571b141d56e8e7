"""vconf: a Sphinx extension and theme for virtual-conference websites."""

__version__ = "0.1.0"
