"""Imported once by the parser processes' fork server, so that no file pays for it.

Building the parser registry imports every parser module (PDF, OCR, Office, mail…): about two seconds,
which the first file of every new parser process would otherwise spend inside its time limit.
"""

from __future__ import annotations

from aseagi.ingestion.parsers import parser_registry

parser_registry()
