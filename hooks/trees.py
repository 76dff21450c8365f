"""MkDocs glue for trees (thin adapter around the handreiking package)."""
