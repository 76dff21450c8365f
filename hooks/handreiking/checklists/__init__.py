"""Checklists: the validated model and widget (model) and their downloads (downloads: PDF,
CSV, ICS, TXT)."""
