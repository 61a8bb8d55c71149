"""Discord-facing features. Each module is thin: parse the interaction, call a service, render.

Modules starting with an underscore are shared helpers, not extensions.
"""
