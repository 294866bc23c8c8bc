from django.apps import AppConfig
from tqdm import tqdm


class FluxConfig(AppConfig):
    name = "efop.flux"
    verbose_name = "Flux et exécutions"

    def ready(self):
        # tqdm's monitor thread only retunes the refresh rate of slow bars. Without it a command
        # stays single-threaded, so that an import may fork its reading process (efop.flux.ahead).
        tqdm.monitor_interval = 0
