"""MkDocs glue for content (thin adapter around the handreiking package)."""
