"""HTTP answers about files: a download (template, XLSForm, export) and an unreadable upload.

Every service that hands out or takes spreadsheets answers them the same way:
an attachment named for what it holds, and `400` with the file named as the
field when the upload as a whole cannot be read.
"""

from pathlib import PurePath
from typing import Any, Final

from fastapi.responses import JSONResponse, Response

XLSX: Final = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV: Final = "text/csv; charset=utf-8"
_MEDIA_TYPES: Final = {".xlsx": XLSX, ".csv": CSV}
_DOCUMENTED: Final = {
    ".xlsx": (XLSX, "XLSX workbook"),
    ".csv": ("text/csv", "CSV (UTF-8 with BOM)"),
}


def attachment(data: bytes, filename: str) -> Response:
    """`data` as a download called `filename` (its ending gives the media type)."""
    return Response(
        data,
        media_type=_MEDIA_TYPES[PurePath(filename).suffix],
        headers={"content-disposition": f"attachment; filename={filename}"},
    )


def download(ending: str, description: str | None = None) -> dict[int | str, dict[str, Any]]:
    """The OpenAPI `responses` of a route answering with an `attachment` ending so."""
    media_type, default = _DOCUMENTED[ending]
    return {200: {"content": {media_type: {}}, "description": description or default}}


def unreadable(reason: str) -> JSONResponse:
    """An upload refused as a whole (encoding, format, header, size): row 1, column `file`."""
    return JSONResponse(
        {"detail": reason, "errors": [{"row": 1, "column": "file", "reason": reason}]}, 400
    )
