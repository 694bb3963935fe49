"""The static site: views, pages, search, links, incremental state and the build.

Kept empty on purpose: a no-op ``lawdiff build`` reads `lawdiff.site.state` alone, without loading the builder.
"""
