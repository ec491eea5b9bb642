"""Photo import with real camera files: orientation, GPS, HEIC, and every kind of bad input."""

from __future__ import annotations

import io
import struct
import zlib
from pathlib import Path

import pytest
from PIL import Image

from safeguarding.evidence.photos import (
    MAX_PHOTO_BYTES,
    PhotoError,
    clean_copy,
    describe_distance,
    distance_m,
    gps_warning,
    import_photo,
    prepare_photos,
    read_photo_file,
)
from safeguarding.progress import OperationCancelled
from tests.evidence.conftest import png_bytes, sample


def has_metadata(jpeg: bytes) -> bool:
    """True if a JPEG carries EXIF (APP1), XMP, ICC (APP2) or a comment segment."""
    image = Image.open(io.BytesIO(jpeg))
    return bool(image.getexif()) or any(key in image.info for key in ("exif", "xmp", "icc_profile", "comment"))


def test_portrait_photo_is_turned_upright() -> None:
    # Stored 600x450 with EXIF orientation 6 (rotate 90°): a portrait picture.
    photo = import_photo(sample("jpg_orientation_portrait_6.jpg").read_bytes(), "portrait.jpg")
    assert (photo.width, photo.height) == (450, 600)
    thumb = Image.open(io.BytesIO(photo.thumbnail))
    assert thumb.height > thumb.width
    assert not has_metadata(photo.thumbnail)


def test_upside_down_landscape_stays_landscape_and_is_turned() -> None:
    raw = sample("jpg_orientation_landscape_3.jpg").read_bytes()
    photo = import_photo(raw, "landscape.jpg")
    assert (photo.width, photo.height) == (600, 450)
    thumb = Image.open(io.BytesIO(photo.thumbnail)).convert("RGB")
    stored = Image.open(io.BytesIO(raw)).convert("RGB").resize(thumb.size)
    # Orientation 3 is a half turn: the thumbnail's top-left matches the stored bottom-right.
    turned = stored.rotate(180)
    diff = sum(abs(a - b) for a, b in zip(thumb.getpixel((20, 20)), turned.getpixel((20, 20)), strict=True))
    assert diff < 60


def test_gps_is_read_to_decimal_degrees() -> None:
    photo = import_photo(sample("jpg_gps_DSCN0010.jpg").read_bytes(), "DSCN0010.jpg")
    # 43° 28' 2.814" N, 11° 53' 6.456" E
    assert photo.gps_lat == pytest.approx(43 + 28 / 60 + 2.814 / 3600, abs=1e-6)
    assert photo.gps_lon == pytest.approx(11 + 53 / 60 + 6.456 / 3600, abs=1e-6)
    assert photo.gps_lat == pytest.approx(43.467448, abs=1e-6)
    assert photo.gps_lon == pytest.approx(11.885127, abs=1e-6)
    assert photo.taken_at is not None


def test_heic_opens_with_gps_west_negative() -> None:
    photo = import_photo(sample("heic_IMG_5195.HEIC").read_bytes(), "IMG_5195.HEIC")
    assert photo.format == "HEIF"
    assert photo.height > photo.width  # an iPhone portrait
    assert photo.gps_lat == pytest.approx(39 + 3 / 60 + 4.84 / 3600, abs=1e-6)
    assert photo.gps_lon == pytest.approx(-(94 + 17 / 60 + 19.58 / 3600), abs=1e-6)
    thumb = Image.open(io.BytesIO(photo.thumbnail))
    assert thumb.format == "JPEG" and thumb.height > thumb.width
    assert not has_metadata(photo.thumbnail)


def test_phone_photo_and_photo_without_gps() -> None:
    phone = import_photo(sample("jpg_mobile_jolla.jpg").read_bytes(), "jolla.jpg")
    assert (phone.width, phone.height) == (3264, 2448)
    assert phone.gps_lat is None and phone.gps_lon is None
    empty_exif = import_photo(sample("jpg_tests_35-empty.jpg").read_bytes(), "empty.jpg")
    assert empty_exif.gps_lat is None


def test_photo_with_no_exif_at_all_is_accepted() -> None:
    photo = import_photo(png_bytes(), "drawing.png")
    assert photo.format == "PNG"
    assert (photo.width, photo.height) == (40, 30)
    assert photo.gps_lat is None and photo.taken_at is None


def test_corrupted_jpeg_is_refused_with_a_message() -> None:
    with pytest.raises(PhotoError, match="damaged"):
        import_photo(sample("jpg_corrupted.jpg").read_bytes(), "jpg_corrupted.jpg")


def test_truncated_jpeg_is_refused() -> None:
    data = sample("jpg_gps_DSCN0021.jpg").read_bytes()
    with pytest.raises(PhotoError, match="damaged"):
        import_photo(data[: len(data) // 2], "cut.jpg")


def test_truncated_png_is_refused() -> None:
    data = png_bytes((400, 300), (200, 10, 10))
    noisy = Image.effect_noise((400, 300), 80).convert("RGB")
    out = io.BytesIO()
    noisy.save(out, format="PNG")
    data = out.getvalue()
    with pytest.raises(PhotoError, match="damaged"):
        import_photo(data[: len(data) // 2], "cut.png")


def test_empty_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "empty.jpg"
    path.write_bytes(b"")
    with pytest.raises(PhotoError, match="empty"):
        import_photo(read_photo_file(path), path.name)


def test_non_image_renamed_jpg_is_refused() -> None:
    with pytest.raises(PhotoError, match="not a photo"):
        import_photo(b"%PDF-1.7\nThis is really a PDF document renamed to .jpg\n" * 20, "minutes.jpg")


def test_other_image_formats_are_refused_plainly() -> None:
    out = io.BytesIO()
    Image.new("RGB", (10, 10)).save(out, format="BMP")
    with pytest.raises(PhotoError, match="BMP"):
        import_photo(out.getvalue(), "scan.bmp")


def test_sixty_megabyte_photo_is_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "huge.jpg"
    with path.open("wb") as handle:
        handle.write(sample("jpg_gps_DSCN0010.jpg").read_bytes())
        handle.truncate(60 * 1024 * 1024)  # sparse: no 60 MB written to disk
    with pytest.raises(PhotoError, match=r"60\.0 MB.*50\.0 MB"):
        read_photo_file(path)
    with pytest.raises(PhotoError, match="smaller copy"):
        import_photo(b"\xff" * (MAX_PHOTO_BYTES + 1), "huge.jpg")


def _png_claiming(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims ``width`` x ``height`` pixels (a decompression bomb)."""
    data = bytearray(png_bytes((1, 1)))
    ihdr = struct.pack(">II", width, height) + bytes(data[24:29])
    data[16:29] = ihdr
    data[29:33] = struct.pack(">I", zlib.crc32(b"IHDR" + ihdr))
    return bytes(data)


@pytest.mark.parametrize("size", [(20_000, 20_000), (60_000, 60_000)], ids=["above-limit", "bomb"])
def test_absurd_pixel_counts_are_refused_without_decoding(size: tuple[int, int]) -> None:
    with pytest.raises(PhotoError, match="too many pixels"):
        import_photo(_png_claiming(*size), "bomb.png")


def test_missing_file_message(tmp_path: Path) -> None:
    with pytest.raises(PhotoError, match="could not be found"):
        read_photo_file(tmp_path / "gone.jpg")


def test_clean_copy_has_no_metadata_and_is_upright() -> None:
    raw = sample("jpg_gps_DSCN0010.jpg").read_bytes()
    assert has_metadata(raw)
    copy = clean_copy(raw)
    assert not has_metadata(copy)
    assert b"Exif" not in copy and b"GPS" not in copy and b"NIKON" not in copy
    portrait = Image.open(io.BytesIO(clean_copy(sample("jpg_orientation_portrait_6.jpg").read_bytes())))
    assert portrait.height > portrait.width
    heic = clean_copy(sample("heic_IMG_5195.HEIC").read_bytes())
    assert not has_metadata(heic) and b"Apple" not in heic


def test_distance_and_far_away_warning() -> None:
    # Brenchley Gardens to Maidstone East station, about 200 m.
    near = distance_m(51.2776, 0.5196, 51.2779, 0.5213)
    assert 100 < near < 200
    assert gps_warning(near) == ""
    # The sample photo's GPS is in Italy: far from Maidstone.
    far = distance_m(51.2776, 0.5196, 43.467448, 11.885127)
    assert 1_200_000 < far < 1_300_000
    warning = gps_warning(far)
    assert "km from the location" in warning and "1,2" in warning
    assert describe_distance(350.4) == "350 m" and describe_distance(2400) == "2.4 km"


def test_prepare_photos_keeps_order_explains_refusals_and_reports_progress(tmp_path: Path) -> None:
    empty = tmp_path / "empty.jpg"
    empty.write_bytes(b"")
    paths = [sample("jpg_gps_DSCN0010.jpg"), empty, sample("heic_IMG_5195.HEIC")]
    told: list[tuple[float, str]] = []
    prepared = prepare_photos(paths, lambda fraction, message: told.append((fraction, message)))
    assert [item.path for item in prepared] == paths
    assert prepared[0].photo is not None and prepared[0].problem == ""
    assert prepared[0].photo.sha256 == import_photo(paths[0].read_bytes()).sha256
    assert prepared[1].photo is None and "empty.jpg is empty" in prepared[1].problem
    assert prepared[2].photo is not None and prepared[2].photo.format == "HEIF"
    assert told == [
        (0.0, "Checking photo 1 of 3: jpg_gps_DSCN0010.jpg"),
        (1 / 3, "Checking photo 2 of 3: empty.jpg"),
        (2 / 3, "Checking photo 3 of 3: heic_IMG_5195.HEIC"),
    ]


def test_prepare_photos_stops_when_progress_cancels() -> None:
    checked: list[str] = []

    def progress(fraction: float, message: str) -> None:
        if len(checked) == 2:
            raise OperationCancelled()
        checked.append(message)

    with pytest.raises(OperationCancelled):
        prepare_photos([sample("jpg_gps_DSCN0010.jpg")] * 5, progress)
    assert len(checked) == 2


def test_a_folder_is_refused_plainly(tmp_path: Path) -> None:
    folder = tmp_path / "DCIM"
    folder.mkdir()
    with pytest.raises(PhotoError, match=r"^DCIM is a folder, not a photo\. Open the folder and choose the photos"):
        read_photo_file(folder)
