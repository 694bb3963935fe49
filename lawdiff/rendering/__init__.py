"""Render: change sets and reports as terminal text, HTML and JSON; the comparison table."""
