"""convener: a Discord bot for working-group meeting logistics."""

__version__ = "0.1.0"
