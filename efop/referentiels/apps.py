from django.apps import AppConfig


class ReferentielsConfig(AppConfig):
    name = "efop.referentiels"

    def ready(self) -> None:
        from . import cache  # noqa: F401 — connects the per-request memo of the load token
