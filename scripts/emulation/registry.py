"""The registry of the emulator's patches.

A patch is a function that changes moto in one place where it differs from AWS; `@patch(service,
cite=...)` records it, with the AWS service it changes and the AWS page it follows, in the order
the decorators run, which is the order their modules are imported (see emulation.patches).
The decorator returns the function unchanged, so a test can still apply one patch alone.
"""

from dataclasses import dataclass
from typing import Callable

_REGISTERED = []


@dataclass(frozen=True)
class Patch:
    """One registered patch: the AWS service (its SigV4 signing name), the page it follows, and
    the function that applies it."""
    service: str
    cite: str
    apply: Callable[[], None]

    @property
    def name(self):
        return self.apply.__name__

    @property
    def summary(self):
        """The first line of the patch's docstring."""
        return (self.apply.__doc__ or "").strip().split("\n", 1)[0]


def patch(service, cite):
    """Register the decorated function as a patch of `service` that follows the AWS page `cite`."""
    def register(function):
        _REGISTERED.append(Patch(service, cite, function))
        return function
    return register


def registered():
    """Every patch, in registration order."""
    return tuple(_REGISTERED)
