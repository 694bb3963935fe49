"""lawdiff — statutes as Akoma Ntoso, the amendments that change them, and exactly what they change."""

__version__ = "0.1.0"
