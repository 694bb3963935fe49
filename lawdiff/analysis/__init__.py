"""Analysis: cross-references, penalties, the applicable version under Criminal Law Art. 12, terms."""
