"""A progress bar driven by the bytes read from a file, for streaming commands."""

import sys
from pathlib import Path

from tqdm import tqdm


class ProgressFile:
    """Open PATH for binary reading; when enabled, show how much of it has been read."""

    def __init__(self, path: Path, *, enabled: bool, label: str):
        self.path = path
        self.enabled = enabled
        self.label = label

    def __enter__(self):
        self.handle = open(self.path, "rb")
        self.bar = tqdm(total=self.path.stat().st_size, unit="o", unit_scale=True, desc=self.label,
                        disable=not self.enabled, file=sys.stderr, leave=False)
        return self

    def read(self, size: int = -1) -> bytes:
        data = self.handle.read(size)
        self.bar.update(len(data))
        return data

    def __exit__(self, *exc_info) -> None:
        self.bar.close()
        self.handle.close()
