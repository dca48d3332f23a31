"""Photo uploads: a real image (Pillow opens and decodes it), not too big, re-encoded and resized.

Re-encoding drops whatever else the file carried (metadata, trailing data, a script disguised as an
image)."""

from __future__ import annotations

import io
import warnings

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from . import conf

ALLOWED_FORMATS = {"JPEG", "PNG", "WEBP"}


def photo_validate_and_resize(upload: UploadedFile[bytes]) -> ContentFile[bytes]:
    """The upload as a resized JPEG, or ValidationError with a message in the user's language."""
    max_bytes = conf.photo_max_bytes()
    if upload.size is not None and upload.size > max_bytes:
        raise ValidationError(
            _("The photo is too large: %(size)s MB; at most %(max)s MB.")
            % {"size": round(upload.size / 1_048_576, 1), "max": round(max_bytes / 1_048_576, 1)},
            code="too_large",
        )
    data = upload.read()
    if len(data) > max_bytes:
        raise ValidationError(_("The photo is too large."), code="too_large")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            Image.MAX_IMAGE_PIXELS = conf.photo_max_pixels()
            with Image.open(io.BytesIO(data)) as probe:
                image_format = probe.format
                probe.verify()
            image: Image.Image = Image.open(io.BytesIO(data))
            image.load()
    except (
        UnidentifiedImageError,
        OSError,
        SyntaxError,
        ValueError,
        Image.DecompressionBombError,
        Image.DecompressionBombWarning,
    ):
        raise ValidationError(_("Upload a photo in JPEG, PNG or WebP format."), code="not_an_image")
    if image_format not in ALLOWED_FORMATS:
        raise ValidationError(_("Upload a photo in JPEG, PNG or WebP format."), code="not_an_image")
    image = ImageOps.exif_transpose(image).convert("RGB")
    side = conf.photo_max_side()
    image.thumbnail((side, side))
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=85, optimize=True)
    name = (upload.name or "photo").rsplit("/", 1)[-1].rsplit(".", 1)[0][:80] or "photo"
    return ContentFile(out.getvalue(), name=f"{name}.jpg")
