"""What an attachment may be: a document or an image of a known type (checked on its first bytes,
not only its name), 10 Mo at most."""

from pathlib import Path

from django.core.exceptions import ValidationError

MAX_SIZE = 10 * 1024 * 1024
ZIP = b"PK\x03\x04"  # the office formats (docx, xlsx, odt, ods) are zip files
SIGNATURES = {
    ".pdf": (b"%PDF-",),
    ".png": (b"\x89PNG\r\n\x1a\n",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".docx": (ZIP,),
    ".xlsx": (ZIP,),
    ".odt": (ZIP,),
    ".ods": (ZIP,),
    ".csv": (),  # text: no signature
}
TYPES = {
    ".pdf": "application/pdf",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".odt": "application/vnd.oasis.opendocument.text",
    ".ods": "application/vnd.oasis.opendocument.spreadsheet",
    ".csv": "text/csv",
}


def validate_piece(upload) -> None:
    """Refuse a file of another type, whose content does not match its extension, or too big."""
    name = Path(upload.name).name
    extension = Path(name).suffix.lower()
    if extension not in SIGNATURES:
        raise ValidationError(
            f"« {name} » : type de fichier refusé. Formats acceptés : "
            f"{', '.join(sorted(ext.lstrip('.') for ext in SIGNATURES))}."
        )
    if upload.size > MAX_SIZE:
        raise ValidationError(
            f"« {name} » pèse {upload.size / 1024 / 1024:.1f} Mo : 10 Mo au plus. Réduisez-le ou "
            "donnez plutôt un lien vers le document."
        )
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    signatures = SIGNATURES[extension]
    if signatures and not head.startswith(signatures):
        raise ValidationError(
            f"« {name} » n'est pas un vrai fichier {extension.lstrip('.').upper()} (son contenu ne "
            "correspond pas à son extension) : enregistrez-le à nouveau depuis son logiciel."
        )


def content_type(name: str) -> str:
    return TYPES.get(Path(name).suffix.lower(), "application/octet-stream")
