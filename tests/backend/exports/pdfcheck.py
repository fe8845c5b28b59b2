"""Reading a PDF's embedded fonts back, to prove every character drawn has a real glyph.

For each font the PDF uses: it must be an embedded TrueType program (FontFile2); its
ToUnicode map says which characters its codes stand for; each code's glyph in the embedded
program must be a real outline (not .notdef, not empty unless it is a space). A character
the font lacked would come out as glyph 0 (a missing-glyph box) and fails here.
"""

from __future__ import annotations

import io
import re
import unicodedata
import zlib
from dataclasses import dataclass

from fontTools.ttLib import TTFont

HEADER = re.compile(rb"(?:^|\n)(\d+) 0 obj\s*")


@dataclass
class EmbeddedFont:
    base_font: str
    chars: dict[int, str]  # code -> the text it stands for (ToUnicode)
    bad_codes: list[int]  # codes whose glyph is missing or empty


def _objects(pdf: bytes) -> dict[int, bytes]:
    """Object number -> its dictionary, followed by its raw stream bytes when it has one
    (cut by /Length, so binary font data never confuses the parse)."""
    found, position = {}, 0
    while (match := HEADER.search(pdf, position)) is not None:
        start = match.end()
        end = pdf.index(b"endobj", start)
        stream_at = pdf.find(b"stream", start, end)
        if stream_at != -1:
            length = int(re.search(rb"/Length (\d+)", pdf[start:stream_at]).group(1))
            data_at = (
                stream_at
                + len(b"stream")
                + (2 if pdf[stream_at + 6 : stream_at + 8] == b"\r\n" else 1)
            )
            found[int(match.group(1))] = (
                pdf[start:stream_at] + b"stream\n" + pdf[data_at : data_at + length]
            )
            end = pdf.index(b"endobj", data_at + length)
        else:
            found[int(match.group(1))] = pdf[start:end]
        position = end
    return found


def _stream(body: bytes) -> bytes:
    head, _, raw = body.partition(b"stream\n")
    return zlib.decompress(raw) if b"FlateDecode" in head else raw


def _ref(body: bytes, key: bytes) -> int:
    found = re.search(rb"/" + key + rb" (\d+) 0 R", body)
    assert found is not None, f"missing /{key.decode()}"
    return int(found.group(1))


def _to_unicode(cmap: bytes) -> dict[int, str]:
    chars = {}
    for block in re.findall(rb"beginbfchar(.*?)endbfchar", cmap, re.S):
        for code, text in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            chars[int(code, 16)] = bytes.fromhex(text.decode()).decode("utf-16-be")
    for block in re.findall(rb"beginbfrange(.*?)endbfrange", cmap, re.S):
        for low, high, start in re.findall(
            rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block
        ):
            first = int(start, 16)
            for offset, code in enumerate(range(int(low, 16), int(high, 16) + 1)):
                chars[code] = chr(first + offset)
    return chars


def _bad_codes(program: bytes, chars: dict[int, str]) -> list[int]:
    font = TTFont(io.BytesIO(program))
    cmap = {}
    for table in font["cmap"].tables:
        cmap.update(table.cmap)
    glyf = font["glyf"]
    bad = []
    for code, text in chars.items():
        name = cmap.get(code)
        empty = name is None or name == ".notdef" or glyf[name].numberOfContours == 0
        # reportlab reserves codes 0 and 127 of each subset for control characters.
        if empty and not text.isspace() and unicodedata.category(text[0]) != "Cc":
            bad.append(code)
    return bad


def embedded_fonts(pdf: bytes) -> tuple[list[EmbeddedFont], list[str]]:
    """The embedded TrueType fonts, and the names of any font that is not embedded."""
    objects = _objects(pdf)
    fonts, unembedded = [], []
    for body in objects.values():
        if not re.search(rb"/Type /Font\b", body):
            continue
        name = re.search(rb"/BaseFont /([^\s/]+)", body)
        base = name.group(1).decode() if name else "?"
        if b"/Subtype /TrueType" not in body:
            unembedded.append(base)
            continue
        descriptor = objects[_ref(body, b"FontDescriptor")]
        program = _stream(objects[_ref(descriptor, b"FontFile2")])
        chars = _to_unicode(_stream(objects[_ref(body, b"ToUnicode")]))
        fonts.append(EmbeddedFont(base, chars, _bad_codes(program, chars)))
    return fonts, unembedded
