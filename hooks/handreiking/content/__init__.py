"""Checks on the Markdown pages, one module per job: raw HTML allowlist (html), links and
anchors (links), content markers (markers), translation parity (translations), readability,
open points; content.check runs them all."""
