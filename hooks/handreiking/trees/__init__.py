"""Decision trees: the validated model (model) and its renderers (render: HTML that works
without JavaScript, JSON for the script, diagram and overview)."""
