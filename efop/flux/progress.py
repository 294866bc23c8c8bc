"""A file whose reading drives a progress bar, for streaming commands."""

import io
import sys
from pathlib import Path

from tqdm import tqdm


def file_bar(path: Path, *, enabled: bool, label: str) -> tqdm:
    """A bar of how far into PATH reading is (in bytes): `bar.update(position - bar.n)`."""
    return tqdm(
        total=Path(path).stat().st_size,
        unit="o",
        unit_scale=True,
        desc=label,
        disable=not enabled,
        file=sys.stderr,
        leave=False,
    )


class ProgressFile(io.FileIO):
    """PATH opened for binary reading; when enabled, a bar shows how far into the file reading is."""

    def __init__(self, path: Path, *, enabled: bool, label: str):
        super().__init__(path, "rb")
        self.bar = file_bar(path, enabled=enabled, label=label)

    def _moved(self) -> None:
        self.bar.update(self.tell() - self.bar.n)

    def read(self, size: int = -1) -> bytes:
        data = super().read(size)
        self._moved()
        return data

    def readinto(self, buffer) -> int:
        count = super().readinto(buffer)
        self._moved()
        return count

    def close(self) -> None:
        self.bar.close()
        super().close()
