"""Diff: word segmentation, structural and word-aware comparison, drafted instructions."""
