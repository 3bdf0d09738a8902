"""Safe XML parsing for GENIUS files: defusedxml only, element line numbers, located attribute errors.

DTDs (hence entity-expansion bombs), entity declarations and external references are refused; a
malformed or truncated file becomes a :class:`ScenarioError` with the parser's line number.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET  # tree building only; parsing goes through defusedxml
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from defusedxml import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser, ParseError

from parley.formats.errors import ScenarioError


# --- parsing with line numbers ------------------------------------------------------------------
class _LineBuilder:
    """Tree-builder target that remembers the line on which each element starts."""

    def __init__(self) -> None:
        self.builder = ET.TreeBuilder()
        self.lines: dict[int, int] = {}
        self.expat: Any = None

    def start(self, tag: str, attrs: dict[str, str]) -> ET.Element:
        """Open an element and record its line."""
        element = self.builder.start(tag, attrs)
        if self.expat is not None:
            self.lines[id(element)] = int(self.expat.CurrentLineNumber)
        return element

    def end(self, tag: str) -> ET.Element:
        """Close an element."""
        return self.builder.end(tag)

    def data(self, data: str) -> None:
        """Text content."""
        self.builder.data(data)

    def close(self) -> ET.Element:
        """The root element."""
        return self.builder.close()


@dataclass
class XmlDocument:
    """A parsed GENIUS file: its root, the start line of every element and where it came from."""

    file: Path | None
    root: ET.Element
    lines: dict[int, int]

    def error(self, element: ET.Element | None, location: str, problem: str) -> ScenarioError:
        """A located error about ``element``."""
        line = self.lines.get(id(element)) if element is not None else None
        return ScenarioError(self.file, location, problem, line)


def parse_xml(path: Path) -> XmlDocument:
    """Parse ``path`` safely (no DTD, entity or external reference); every failure is a ScenarioError."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ScenarioError(path, "", f"cannot read the file: {exc.strerror or exc}") from None
    target = _LineBuilder()
    parser = DefusedXMLParser(target=target, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    target.expat = getattr(parser, "parser", None)
    try:
        parser.feed(data)
        root = parser.close()
    except DefusedXmlException as exc:
        kind = type(exc).__name__
        problem = f"refused unsafe XML ({kind}): DTDs, entities and external references are not allowed"
        raise ScenarioError(path, "", problem) from None
    except ParseError as exc:
        line = exc.position[0] if getattr(exc, "position", None) else None
        raise ScenarioError(path, "", f"malformed or truncated XML: {exc}", line) from None
    except (LookupError, UnicodeError) as exc:  # an XML declaration naming an unknown or wrong encoding
        raise ScenarioError(path, "", f"cannot decode the XML: {exc}", 1) from None
    return XmlDocument(path, root, target.lines)


# --- small attribute readers ----------------------------------------------------------------------
def text_attr(doc: XmlDocument, element: ET.Element, location: str, name: str) -> str:
    """A required attribute."""
    value = element.get(name)
    if value is None:
        raise doc.error(element, location, f"missing attribute {name!r}")
    return value


def float_attr(
    doc: XmlDocument, element: ET.Element, location: str, name: str, default: float | None = None
) -> float:
    """A finite number attribute (``default`` when absent, required when no default)."""
    raw = element.get(name)
    if raw is None:
        if default is None:
            raise doc.error(element, location, f"missing attribute {name!r}")
        return default
    try:
        value = float(raw)
    except ValueError:
        raise doc.error(element, location, f"attribute {name!r} is not a number: {raw!r}") from None
    if not np.isfinite(value):
        raise doc.error(element, location, f"attribute {name!r} must be finite, got {raw!r}")
    return value


def int_attr(doc: XmlDocument, element: ET.Element, location: str, name: str) -> int:
    """A required whole-number attribute ("8" and "8.0" both accepted)."""
    value = float_attr(doc, element, location, name)
    if value != int(value):
        raise doc.error(element, location, f"attribute {name!r} must be a whole number, got {value}")
    return int(value)


def number_attr(doc: XmlDocument, element: ET.Element, location: str, name: str) -> int | float:
    """A number attribute kept as ``int`` when it is written as one."""
    value = float_attr(doc, element, location, name)
    return int(value) if (element.get(name) or "").strip().lstrip("+-").isdigit() else value
