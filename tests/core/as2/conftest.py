"""Throwaway AS2 identities for the AS2 unit tests (no network).

Two stations, ``HOSPITAL`` (us) and ``SUPPLIER`` (the partner), each with its
own RSA key and self-signed certificate, plus an ``IMPOSTOR`` identity used
to play a wrong key or a wrong certificate. Keys are generated once per
session with the package's own ``keys.generate_self_signed``.
"""

import dataclasses

import pytest

from integration_core.as2.config import As2LocalConfig, As2PartnerConfig
from integration_core.as2.keys import generate_self_signed

PARTNER_URL = "http://127.0.0.1:9/as2"


@dataclasses.dataclass(frozen=True)
class Identity:
    """An AS2 name with its PEM key and certificate."""

    name: str
    key_pem: bytes
    cert_pem: bytes


def _make_identity(name):
    key_pem, cert_pem = generate_self_signed(name, days=30)
    return Identity(name, key_pem, cert_pem)


@pytest.fixture(scope="session")
def hospital():
    """Our station."""
    return _make_identity("HOSPITAL")


@pytest.fixture(scope="session")
def supplier():
    """The trading partner."""
    return _make_identity("SUPPLIER")


@pytest.fixture(scope="session")
def impostor():
    """A third key pair, never trusted by anybody."""
    return _make_identity("IMPOSTOR")


def local_config(identity, **overrides):
    """Our :class:`As2LocalConfig` for ``identity``."""
    values = {
        "as2_name": identity.name,
        "private_key_pem": identity.key_pem,
        "certificate_pem": identity.cert_pem,
    }
    values.update(overrides)
    return As2LocalConfig(**values)


def partner_config(identity, **overrides):
    """An :class:`As2PartnerConfig` naming ``identity`` as the partner."""
    values = {
        "as2_name": identity.name,
        "url": PARTNER_URL,
        "certificate_pem": identity.cert_pem,
    }
    values.update(overrides)
    return As2PartnerConfig(**values)


@dataclasses.dataclass(frozen=True)
class Link:
    """Both ends of one direction: sender's and receiver's configurations."""

    sender_local: As2LocalConfig
    sender_partner: As2PartnerConfig
    receiver_local: As2LocalConfig
    receiver_partner: As2PartnerConfig


@pytest.fixture
def make_link(hospital, supplier):
    """Build a HOSPITAL -> SUPPLIER link; keyword overrides apply to the sender."""

    def make(receiver_overrides=None, **sender_overrides):
        return Link(
            sender_local=local_config(hospital),
            sender_partner=partner_config(supplier, **sender_overrides),
            receiver_local=local_config(supplier),
            receiver_partner=partner_config(hospital, **(receiver_overrides or {})),
        )

    return make


@pytest.fixture
def configs():
    """Config builders: ``configs.local(identity)``, ``configs.partner(identity)``."""

    class Builders:
        local = staticmethod(local_config)
        partner = staticmethod(partner_config)

    return Builders
