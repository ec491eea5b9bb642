"""Photo import: checks, upright thumbnails, EXIF GPS and metadata-free copies.

Libraries do the image work: Pillow opens JPEG and PNG, ``pillow-heif`` adds the
iPhone HEIC/HEIF format, ``ImageOps.exif_transpose`` turns pictures upright,
and ``simplejpeg`` (libjpeg-turbo) decodes JPEGs strictly, so a corrupt file
that Pillow would quietly show half-grey is refused instead.

Rules (issue 4, "Bad input"): an empty file, a file that is not a picture, a
corrupt or truncated picture, a file larger than :data:`MAX_PHOTO_BYTES` or
with more than :data:`MAX_PIXELS` pixels is refused with a plain-English
:class:`PhotoError`; nothing is stored. A photo with no EXIF at all is fine (no
GPS, no date). Anything that leaves the tool (report, exported copy) is a fresh
encoding made here, with no EXIF, XMP, ICC or comment data.
"""

from __future__ import annotations

import hashlib
import io
import math
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from PIL import ExifTags, Image, ImageOps, UnidentifiedImageError

from safeguarding.errors import SafeguardingError
from safeguarding.progress import Progress, no_progress
from safeguarding.timeutil import local_to_utc

MAX_PHOTO_BYTES = 50 * 1024 * 1024
"""Largest photo file kept (50 MB). Phone and compact-camera photos are 2-12 MB."""

MAX_PIXELS = 120_000_000
"""Most pixels a photo may have (120 megapixels), so a crafted file cannot exhaust memory."""

THUMBNAIL_SIZE = 480
"""Longest side of the stored thumbnail, in pixels."""

EXPORT_SIZE = 2400
"""Longest side of an exported (metadata-free) copy, in pixels."""

FAR_AWAY_M = 1000.0
"""A photo's GPS position further than this from the location gets a warning (metres)."""

FORMATS = {"JPEG": "JPEG", "MPO": "JPEG", "PNG": "PNG", "HEIF": "HEIF", "HEIC": "HEIF"}
"""Pillow format names accepted, mapped to the stored format name."""

FILE_FILTER = "Photos (*.jpg *.jpeg *.png *.heic *.heif *.JPG *.JPEG *.PNG *.HEIC *.HEIF)"
"""File-picker filter for the kinds of photo accepted."""

EARTH_RADIUS_M = 6_371_008.8
"""Mean Earth radius (IUGG), for haversine distances."""


class PhotoError(SafeguardingError):
    """A photo cannot be added; ``str(error)`` says why in plain English."""


@dataclass(frozen=True)
class ImportedPhoto:
    """A checked photo, ready to store.

    Attributes:
        data: The original file's bytes, unchanged.
        sha256: SHA-256 of ``data`` (64 hex characters).
        format: ``"JPEG"``, ``"PNG"`` or ``"HEIF"``.
        width, height: Pixel size once turned upright.
        taken_at: EXIF "date taken" read as UK local time, as aware UTC; or None.
        gps_lat, gps_lon: EXIF GPS position, WGS84 decimal degrees; or None.
        thumbnail: Upright JPEG thumbnail (longest side :data:`THUMBNAIL_SIZE`), no metadata.
        gps_accuracy_m: The GPS's horizontal accuracy in metres, when the camera recorded it; or None.
    """

    data: bytes
    sha256: str
    format: str
    width: int
    height: int
    taken_at: datetime | None
    gps_lat: float | None
    gps_lon: float | None
    thumbnail: bytes
    gps_accuracy_m: float | None = None


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB"


def read_photo_file(path: Path) -> bytes:
    """Read a photo file's bytes, refusing absurd sizes before reading them.

    Raises:
        PhotoError: if the file is missing, unreadable, empty or too large.
    """
    name = Path(path).name
    try:
        size = Path(path).stat().st_size
        if size > MAX_PHOTO_BYTES:
            raise PhotoError(_too_large(name, size))
        return Path(path).read_bytes()
    except PhotoError:
        raise
    except FileNotFoundError:
        raise PhotoError(f"{name} could not be found. It may have been moved or deleted.") from None
    except IsADirectoryError:
        raise PhotoError(f"{name} is a folder, not a photo. Open the folder and choose the photos in it.") from None
    except PermissionError:
        raise PhotoError(f"{name} could not be read: permission denied.") from None
    except OSError as error:
        raise PhotoError(f"{name} could not be read ({error.strerror or error}).") from error


def _too_large(name: str, size: int) -> str:
    return (
        f"{name} is {_megabytes(size)}, larger than the {_megabytes(MAX_PHOTO_BYTES)} the tool keeps for one photo. "
        "Export a smaller copy (for example the 'Large' or 'Medium' size on a phone) and add that."
    )


_HEIF_READY: list[bool] = []


def _register_heif() -> None:
    """Teach Pillow to open HEIC/HEIF (imported on first use: it loads libheif)."""
    if not _HEIF_READY:
        import pillow_heif

        pillow_heif.register_heif_opener()
        _HEIF_READY.append(True)


def _open(data: bytes, name: str) -> Image.Image:
    """Open ``data`` with Pillow, turning every failure into a :class:`PhotoError`."""
    _register_heif()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise PhotoError(_too_many_pixels(name)) from None
    except UnidentifiedImageError:
        raise PhotoError(
            f"{name} is not a photo the tool can read. Add JPEG, PNG or iPhone HEIC photos; "
            "if it is one, the file may be damaged."
        ) from None
    except (OSError, ValueError, SyntaxError) as error:
        raise PhotoError(f"{name} could not be read as a photo ({error}). The file may be damaged.") from error
    if image.format not in FORMATS:
        raise PhotoError(
            f"{name} is a {image.format} image. Add JPEG, PNG or iPhone HEIC photos; convert it to JPEG first."
        )
    width, height = image.size
    if width <= 0 or height <= 0 or width * height > MAX_PIXELS:
        raise PhotoError(_too_many_pixels(name))
    return image


def _too_many_pixels(name: str) -> str:
    return (
        f"{name} has too many pixels to handle safely (the limit is {MAX_PIXELS // 1_000_000} megapixels). "
        "Export a smaller copy and add that."
    )


def _check_decodes(image: Image.Image, data: bytes, name: str) -> None:
    """Decode the whole picture once, refusing corrupt or truncated data.

    JPEGs are decoded strictly by libjpeg-turbo at 1/8 scale (every block is
    still read, so damage anywhere is found); other formats by Pillow.
    """
    damaged = (
        f"{name} is damaged (corrupt or cut short), so it was not added. "
        "Copy the photo from the phone or camera again and add the new copy."
    )
    if FORMATS[image.format or ""] == "JPEG":
        import simplejpeg  # imported on first use: it loads numpy

        try:
            simplejpeg.decode_jpeg(data, colorspace="GRAY", strict=True, min_factor=8)
        except ValueError as error:
            if "Unsupported color conversion" not in str(error):
                raise PhotoError(damaged) from error
            try:
                simplejpeg.decode_jpeg(data, colorspace="CMYK", strict=True, min_factor=8)
            except ValueError as error2:
                raise PhotoError(damaged) from error2
        return
    try:
        image.load()
    except (OSError, ValueError, SyntaxError, EOFError) as error:
        raise PhotoError(damaged) from error


def _upright(image: Image.Image) -> Image.Image:
    """Return the picture turned upright (EXIF orientation applied), in RGB."""
    try:
        turned = ImageOps.exif_transpose(image)
    except (OSError, ValueError, SyntaxError, KeyError, TypeError):
        turned = image  # unreadable EXIF: show as stored rather than refuse the photo
    if turned.mode not in ("RGB", "L"):
        if "A" in turned.mode or turned.mode == "P":
            rgba = turned.convert("RGBA")
            background = Image.new("RGB", rgba.size, (255, 255, 255))
            background.paste(rgba, mask=rgba.getchannel("A"))
            return background
        return turned.convert("RGB")
    return turned


def _orientation(image: Image.Image) -> int:
    try:
        value = image.getexif().get(ExifTags.Base.Orientation, 1)
        return int(value) if value in range(1, 9) else 1
    except (OSError, ValueError, SyntaxError, TypeError):
        return 1


def jpeg_bytes(image: Image.Image, longest: int, quality: int = 85) -> bytes:
    """Encode an upright picture as a JPEG no larger than ``longest`` pixels, with no metadata.

    The JPEG holds only a JFIF header and the picture: no EXIF, XMP, ICC or comments.
    """
    picture = image.copy()
    picture.thumbnail((longest, longest), Image.Resampling.LANCZOS)
    if picture.mode != "RGB":
        picture = picture.convert("RGB")
    picture.info = {}
    out = io.BytesIO()
    picture.save(out, format="JPEG", quality=quality, optimize=True)
    return out.getvalue()


def import_photo(data: bytes, name: str = "photo") -> ImportedPhoto:
    """Check a photo and prepare it for storage.

    Args:
        data: The file's bytes (at most :data:`MAX_PHOTO_BYTES`).
        name: The file name, used in messages.

    Returns:
        An :class:`ImportedPhoto` with the original bytes, hash, upright size,
        EXIF date and GPS (when present) and a metadata-free upright thumbnail.

    Raises:
        PhotoError: if the file is empty, too large, not a JPEG/PNG/HEIC
            picture, damaged, or has too many pixels.
    """
    if not data:
        raise PhotoError(f"{name} is empty (0 bytes), so there is no photo to add.")
    if len(data) > MAX_PHOTO_BYTES:
        raise PhotoError(_too_large(name, len(data)))
    image = _open(data, name)
    _check_decodes(image, data, name)
    if FORMATS[image.format or ""] == "JPEG":
        image = _open(data, name)  # the strict check decoded separately; reopen for a fast draft
        image.draft("RGB", (THUMBNAIL_SIZE * 2, THUMBNAIL_SIZE * 2))
    exif = _exif(image)
    try:
        upright = _upright(image)
        thumbnail = jpeg_bytes(upright, THUMBNAIL_SIZE, quality=80)
    except (OSError, ValueError, SyntaxError, EOFError) as error:
        raise PhotoError(f"{name} is damaged and could not be shown ({error}), so it was not added.") from error
    full_w, full_h = _full_size(data)
    width, height = (full_h, full_w) if _orientation_swaps(image) else (full_w, full_h)
    lat, lon = gps_position(exif)
    accuracy = gps_accuracy(exif) if lat is not None else None
    return ImportedPhoto(
        data=data,
        sha256=hashlib.sha256(data).hexdigest(),
        format=FORMATS[image.format or ""],
        width=width,
        height=height,
        taken_at=taken_at(exif),
        gps_lat=lat,
        gps_lon=lon,
        thumbnail=thumbnail,
        gps_accuracy_m=accuracy,
    )


@dataclass(frozen=True)
class PreparedFile:
    """One file of a photo import: the checked photo, or why it was refused.

    Attributes:
        path: The file chosen or dropped.
        photo: The checked photo, ready to store; None if it was refused.
        problem: Why it was refused, in plain English ("" when ``photo`` is set).
    """

    path: Path
    photo: ImportedPhoto | None
    problem: str = ""


def prepare_photos(paths: Sequence[Path], progress: Progress = no_progress) -> list[PreparedFile]:
    """Read and check each file in turn (:func:`read_photo_file`, :func:`import_photo`); no database.

    This is the slow part of adding photos (a 12-megapixel JPEG takes about a
    quarter of a second), so the window runs it off the GUI thread and then
    stores the results. A refused file never stops the others.

    Args:
        paths: The files, in the order chosen.
        progress: Told ``"Checking photo 2 of 5: name"`` before each file; it may
            raise :class:`~safeguarding.progress.OperationCancelled` to stop.

    Returns:
        One :class:`PreparedFile` per path, in the same order.
    """
    prepared: list[PreparedFile] = []
    for index, path in enumerate(paths):
        progress(index / len(paths), f"Checking photo {index + 1} of {len(paths)}: {Path(path).name}")
        try:
            prepared.append(PreparedFile(Path(path), import_photo(read_photo_file(path), Path(path).name)))
        except PhotoError as error:
            prepared.append(PreparedFile(Path(path), None, str(error)))
    return prepared


def _full_size(data: bytes) -> tuple[int, int]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        with Image.open(io.BytesIO(data)) as image:
            return image.size


def _orientation_swaps(image: Image.Image) -> bool:
    """True if the EXIF orientation turns the picture a quarter turn (5-8)."""
    return _orientation(image) in (5, 6, 7, 8)


def _exif(image: Image.Image) -> Image.Exif | None:
    try:
        return image.getexif()
    except (OSError, ValueError, SyntaxError, TypeError):
        return None


def _to_float(value: Any) -> float:
    if isinstance(value, tuple) and len(value) == 2:  # (numerator, denominator)
        return float(value[0]) / float(value[1])
    return float(value)


def gps_position(exif: Image.Exif | None) -> tuple[float | None, float | None]:
    """Read the EXIF GPS position as WGS84 decimal degrees.

    Degrees, minutes and seconds are combined as ``d + m/60 + s/3600``; south
    and west (``GPSLatitudeRef`` ``S``, ``GPSLongitudeRef`` ``W``) are negative.

    Returns:
        ``(latitude, longitude)``, or ``(None, None)`` when the photo has no
        usable position (missing, malformed, out of range, or exactly 0, 0,
        which cameras write when they had no fix).
    """
    if exif is None:
        return None, None
    try:
        gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
        lat = _dms(gps[ExifTags.GPS.GPSLatitude], gps.get(ExifTags.GPS.GPSLatitudeRef, "N"), "S")
        lon = _dms(gps[ExifTags.GPS.GPSLongitude], gps.get(ExifTags.GPS.GPSLongitudeRef, "E"), "W")
    except (KeyError, TypeError, ValueError, ZeroDivisionError, IndexError, AttributeError):
        return None, None
    if not (math.isfinite(lat) and math.isfinite(lon)) or not (-90 <= lat <= 90 and -180 <= lon <= 180):
        return None, None
    if lat == 0 and lon == 0:
        return None, None
    return round(lat, 7), round(lon, 7)


def gps_accuracy(exif: Image.Exif | None) -> float | None:
    """Read the EXIF horizontal positioning error (``GPSHPositioningError``, metres), as phones write it; or None."""
    if exif is None:
        return None
    try:
        value = _to_float(exif.get_ifd(ExifTags.IFD.GPSInfo)[ExifTags.GPS.GPSHPositioningError])
    except (KeyError, TypeError, ValueError, ZeroDivisionError, IndexError, AttributeError):
        return None
    return round(value, 1) if math.isfinite(value) and 0 <= value < 1e6 else None


def _dms(parts: Any, ref: Any, negative: str) -> float:
    degrees, minutes, seconds = (_to_float(part) for part in parts)
    value = degrees + minutes / 60 + seconds / 3600
    if isinstance(ref, bytes):
        ref = ref.decode("ascii", "ignore")
    return -value if str(ref).strip().upper().startswith(negative) else value


def taken_at(exif: Image.Exif | None) -> datetime | None:
    """Read EXIF "date taken" (DateTimeOriginal, else DateTime) as UK local time, returned in UTC.

    Cameras store a wall-clock time with no zone; the tool reads it as UK local
    time. Returns None when missing or malformed.
    """
    if exif is None:
        return None
    try:
        text = exif.get_ifd(ExifTags.IFD.Exif).get(ExifTags.Base.DateTimeOriginal) or exif.get(ExifTags.Base.DateTime)
        if not text:
            return None
        local = datetime.strptime(str(text).strip("\x00 ")[:19], "%Y:%m:%d %H:%M:%S")
    except (ValueError, TypeError, KeyError, OSError):
        return None
    return local_to_utc(local)


def distance_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle (haversine) distance in metres between two WGS84 points."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dlat, dlon = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dlat / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dlon / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(h)))


def describe_distance(metres: float) -> str:
    """Say a distance for people: ``"350 m"``, ``"2.4 km"``, ``"7,702 km"``."""
    if metres < 1000:
        return f"{round(metres):d} m"
    if metres < 100_000:
        return f"{metres / 1000:.1f} km"
    return f"{round(metres / 1000):,d} km"


def gps_warning(distance: float | None) -> str:
    """Return a warning when a photo's GPS position is far from the location, else ``""``."""
    if distance is None or distance <= FAR_AWAY_M:
        return ""
    return (
        f"The photo's GPS position is {describe_distance(distance)} from the location. "
        "Check it was taken here before using it as evidence; its position was not used as a map pin."
    )


def clean_copy(data: bytes, longest: int = EXPORT_SIZE, name: str = "photo") -> bytes:
    """Return an upright JPEG copy of a stored photo with no metadata, for export.

    Args:
        data: The original bytes, as stored.
        longest: Longest side of the copy in pixels (smaller pictures keep their size).
        name: Used in messages.

    Raises:
        PhotoError: if the stored bytes cannot be decoded.
    """
    image = _open(data, name)
    if FORMATS[image.format or ""] == "JPEG":
        image.draft("RGB", (longest, longest))
    try:
        return jpeg_bytes(_upright(image), longest, quality=88)
    except (OSError, ValueError, SyntaxError, EOFError) as error:
        raise PhotoError(f"{name} could not be copied ({error}).") from error
