"""Photos of plateaux: only JPEG, PNG or WebP images (checked by Pillow, not by the name), of at
most PHOTO_MAX_BYTES, stored under MEDIA_ROOT/plateaux/<plateau>/ with a random name."""

import uuid
from pathlib import PurePath

from django.core.exceptions import ValidationError
from PIL import Image, UnidentifiedImageError

PHOTO_MAX_BYTES = 5 * 1024 * 1024
PHOTO_MAX_COUNT = 10
FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
MAX_PIXELS = 40_000_000  # refuse decompression bombs before Pillow's own warning threshold


def inspect(file) -> tuple[str | None, int]:
    """(Pillow's format, number of pixels) of `file`, (None, 0) when it is no readable image."""
    position = file.tell()
    try:
        file.seek(0)
        with Image.open(file) as image:
            kind, (width, height) = image.format, image.size
            image.verify()
        return kind, width * height
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        return None, 0
    finally:
        file.seek(position)


def validate_photo(file) -> None:
    """A clear French error unless `file` is a JPEG, PNG or WebP image of at most 5 Mo."""
    if file.size > PHOTO_MAX_BYTES:
        raise ValidationError(
            f"La photo « {PurePath(file.name).name} » pèse {file.size / 1024 / 1024:.1f} Mo : "
            f"réduisez-la à {PHOTO_MAX_BYTES // 1024 // 1024} Mo au plus."
        )
    kind, pixels = inspect(file)
    if kind not in FORMATS:
        raise ValidationError(
            f"Le fichier « {PurePath(file.name).name} » n'est pas une image JPEG, PNG ou WebP lisible : "
            "enregistrez-la dans l'un de ces formats."
        )
    if pixels > MAX_PIXELS:
        raise ValidationError("Cette image est trop grande (plus de 40 millions de pixels) : réduisez-la.")


def photo_path(photo, filename: str) -> str:
    """plateaux/<plateau id>/<random>.<extension of its real format> (not of the name it came with)."""
    suffix = FORMATS.get(inspect(photo.image.file)[0], "img")
    return f"plateaux/{photo.plateau_id}/{uuid.uuid4().hex}.{suffix}"
