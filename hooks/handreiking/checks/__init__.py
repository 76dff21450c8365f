"""The check registry (registry) and checks that span features: widget marker names
(markers), text safety of the YAML (safety) and the project's open points (open_points)."""
