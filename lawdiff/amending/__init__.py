"""Amend: operations applied to a statute, every version of every article, reform proposals."""
