from tests.moderation.conftest import documentaliste, editeur, published  # noqa: F401
