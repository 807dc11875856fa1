"""The emulator's realism mode; see `core` for what it models."""

from .core import Realism

__all__ = ["Realism"]
