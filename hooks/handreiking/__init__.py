"""Domain package of the Handreiking IHH site: loading, validation and rendering.

Plain Python: nothing in this package imports MkDocs. The files in hooks/*.py are thin MkDocs
adapters around it, so a later change of build tool only replaces those adapters.
"""
