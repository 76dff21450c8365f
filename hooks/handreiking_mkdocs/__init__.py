"""The MkDocs adapter: the only package that imports mkdocs, material or mike.

One module per concern, each a thin layer of MkDocs event handlers around the domain package
`handreiking`; `hooks/<name>.py` (listed in mkdocs.yml) re-exports the handlers of
`handreiking_mkdocs.<name>`.
"""
