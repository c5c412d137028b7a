"""CMS (PKCS #7), the container of S/MIME and of signed ``.p7m`` files: the signed content taken out.

A signature says who signed; the evidence is what was signed, so only the encapsulated content is kept
(the signature is not verified: a court-filed copy is evidence whether or not its certificate is still
valid). Encrypted content (enveloped-data) needs the recipient's private key, which ASEAGI never holds.
"""

from __future__ import annotations

import base64
import binascii
import re

from asn1crypto import cms, pem

from aseagi.ingestion.parsers.base import EncryptedDocument, ParseError

SIGNED_MIME_TYPES = frozenset(("application/pkcs7-mime", "application/x-pkcs7-mime"))
_ENCRYPTED_KINDS = frozenset(("enveloped_data", "authenticated_enveloped_data", "encrypted_data"))
_BASE64 = re.compile(rb"[A-Za-z0-9+/=\s]+")
_MIME_HEADERS = re.compile(rb"(?:[A-Za-z][A-Za-z0-9-]{0,75}:[^\n]*\r?\n(?:[ \t][^\n]*\r?\n)*)+\r?\n")
ENCRYPTED_REASON = (
    "encrypted: the S/MIME content is encrypted for its recipient; open it in the mail program that "
    "holds the key and save it decrypted"
)


def signed_content(data: bytes) -> bytes:
    """The content a CMS ``signed-data`` (DER, BER, PEM or base64) carries.

    EncryptedDocument for encrypted content, ParseError for anything else that yields no content.
    """
    try:
        info = cms.ContentInfo.load(_der(data))
        kind = info["content_type"].native
        if kind in _ENCRYPTED_KINDS:
            raise EncryptedDocument(ENCRYPTED_REASON)
        if kind == "data":
            content = info["content"].native
        elif kind == "signed_data":
            content = info["content"]["encap_content_info"]["content"].native
        else:
            raise ParseError(f"a CMS (PKCS #7) file of kind {kind!r} holds no document")
    except (ParseError, EncryptedDocument):
        raise
    except Exception as exc:  # asn1crypto parses lazily: damage surfaces as ValueError, TypeError…
        raise ParseError(f"the S/MIME (.p7m) file is damaged ({type(exc).__name__})") from exc
    if not isinstance(content, bytes):
        raise ParseError(
            "a detached signature only: the signed content is not in this file; add the e-mail it came with"
        )
    return content


def is_mime_entity(content: bytes) -> bool:
    """Whether signed content is a MIME entity (header fields, a blank line) rather than a file."""
    return _MIME_HEADERS.match(content[:65536]) is not None


def _der(data: bytes) -> bytes:
    stripped = data.strip()
    if pem.detect(stripped):
        _, _, der = pem.unarmor(stripped)
        return bytes(der)
    if stripped[:1] != b"\x30" and _BASE64.fullmatch(stripped[:4096]):
        try:
            return base64.b64decode(stripped, validate=False)
        except (binascii.Error, ValueError):
            pass
    return data
