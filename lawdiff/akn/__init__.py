"""The document and its names: the AKN model over lxml, numbering and eIds, FRBR identification."""
