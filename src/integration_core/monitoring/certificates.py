# Copyright 2026 Healthcare Integration Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""When a certificate (TLS client, AS2) expires, and whether to warn about it.

A connector's certificate field may hold one PEM certificate or a bundle
(the certificate and its intermediates): the bundle is as good as its
certificate that expires first, so that one is reported, with its subject.
Written for ``cryptography`` 3.4 (``not_valid_after`` is naive UTC).
"""

import dataclasses
import datetime
import re

from cryptography import x509
from cryptography.hazmat.backends import default_backend

from integration_core.monitoring.watches import Finding

#: Certificates expiring within this many days raise an alert.
WARNING_DAYS = 30

_PEM_BLOCK = re.compile(
    rb"-----BEGIN CERTIFICATE-----\s+.*?-----END CERTIFICATE-----", re.DOTALL
)


@dataclasses.dataclass(frozen=True)
class CertificateExpiry:
    """The certificate of a PEM text (or bundle) that expires first.

    :param not_after: end of validity, naive UTC.
    :param subject: its subject (RFC 4514), to tell which certificate it is.
    :param count: certificates found in the PEM text.
    """

    not_after: datetime.datetime
    subject: str
    count: int


def certificate_expiry(pem):
    """Read every certificate of ``pem`` (text or bytes); return the first to expire.

    :raises ValueError: when ``pem`` holds no certificate, or one that cannot
        be read; the message says which.
    """
    data = pem.encode("ascii", "replace") if isinstance(pem, str) else bytes(pem or b"")
    blocks = _PEM_BLOCK.findall(data)
    if not blocks:
        raise ValueError(
            "no PEM certificate found (expected -----BEGIN CERTIFICATE-----)"
        )
    earliest = None
    for number, block in enumerate(blocks, start=1):
        try:
            certificate = x509.load_pem_x509_certificate(block, default_backend())
        except ValueError as error:
            raise ValueError(
                f"certificate {number} of {len(blocks)} cannot be read: {error}"
            ) from error
        if earliest is None or certificate.not_valid_after < earliest.not_valid_after:
            earliest = certificate
    return CertificateExpiry(
        not_after=earliest.not_valid_after,
        subject=earliest.subject.rfc4514_string(),
        count=len(blocks),
    )


def expiring(pem, now, within_days=WARNING_DAYS, *, key="certificate", label=None):
    """A :class:`Finding` when ``pem`` expires within ``within_days``, else ``None``.

    Expired certificates are reported too. ``now`` may be naive UTC or aware.

    :raises ValueError: when ``pem`` cannot be read (see :func:`certificate_expiry`).
    """
    if within_days < 0:
        raise ValueError(f"within_days must not be negative, got {within_days!r}")
    expiry = certificate_expiry(pem)
    now = _naive_utc(now)
    left = expiry.not_after - now
    if left > datetime.timedelta(days=within_days):
        return None
    what = label or "certificate"
    when = expiry.not_after.strftime("%Y-%m-%d %H:%M UTC")
    if left <= datetime.timedelta(0):
        summary = f"{what} expired on {when}"
    else:
        summary = f"{what} expires in {_days(left)} ({when})"
    return Finding(
        key=key,
        summary=summary,
        note=(
            f"{what}: certificate {expiry.subject} is valid until {when}; "
            f"renew it and exchange the new one with the partner before then "
            f"(warning from {within_days} days before expiry)."
        ),
    )


def _naive_utc(when):
    if when.tzinfo is None:
        return when
    return when.astimezone(datetime.timezone.utc).replace(tzinfo=None)


def _days(delta):
    days = delta.days
    if days >= 1:
        return f"{days} day(s)"
    return f"{max(1, int(delta.total_seconds() // 3600))} hour(s)"
