"""The dispatcher that hands each request to moto's application for its service, without moto's
per-request directory scan.

moto 5.2.1's `DomainDispatcherApplication.get_application` resolves the backend of every request
while holding one lock that all request threads share, and the resolution lists moto's package
directory and stats each of its ~170 entries (`backends.list_of_moto_modules`, for a host that is
never a module name) before matching the backends' URL patterns. Then each response class lists
its own methods with `inspect.getmembers` (`core.utils.method_names_from_class`) on every call.
Neither answer can change while the server runs (the patches are applied before it listens), so
both are computed once here. Under a plan's burst of parallel reads the scan under the lock made
the emulator serve calls one after another; AWS serves them side by side.
"""

import functools

from moto.core import responses
from moto.moto_server.werkzeug_app import DomainDispatcherApplication


class Dispatcher(DomainDispatcherApplication):
    """moto's dispatcher, remembering the backend it found for each host."""

    def __init__(self, create_app):
        super().__init__(create_app)
        self._backend_by_host = {}

    def get_backend_for_host(self, host):
        # Called with self.lock held (get_application), so the dict needs no lock of its own.
        if host not in self._backend_by_host:
            self._backend_by_host[host] = super().get_backend_for_host(host)
        return self._backend_by_host[host]


def remember_method_names():
    """Make each response class list its methods once, not on every request."""
    responses.method_names_from_class = functools.lru_cache(maxsize=None)(responses.method_names_from_class)
