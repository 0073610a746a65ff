"""Certificate expiry: real certificates, bundles, garbage."""

import datetime

import pytest
from cryptography import x509
from cryptography.hazmat.backends import default_backend
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from integration_core.monitoring.certificates import certificate_expiry, expiring

NOW = datetime.datetime(2026, 3, 2, 12, 0)
DAY = datetime.timedelta(days=1)


def make_pem(name, not_after, not_before=None):
    key = ec.generate_private_key(ec.SECP256R1(), default_backend())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    certificate = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(not_before or not_after - 400 * DAY)
        .not_valid_after(not_after)
        .sign(key, hashes.SHA256(), default_backend())
    )
    return certificate.public_bytes(serialization.Encoding.PEM).decode()


def test_expiry_of_one_certificate():
    pem = make_pem("as2.hospital.example", NOW + 10 * DAY)
    expiry = certificate_expiry(pem)
    assert expiry.not_after == NOW + 10 * DAY
    assert expiry.subject == "CN=as2.hospital.example"
    assert expiry.count == 1
    assert certificate_expiry(pem.encode()).not_after == NOW + 10 * DAY


def test_bundle_earliest_wins():
    leaf = make_pem("leaf", NOW + 200 * DAY)
    intermediate = make_pem("intermediate", NOW + 20 * DAY)
    root = make_pem("root", NOW + 900 * DAY)
    expiry = certificate_expiry(f"{leaf}\n{intermediate}\n{root}")
    assert expiry.subject == "CN=intermediate"
    assert expiry.count == 3
    finding = expiring(f"{leaf}{intermediate}{root}", NOW, label="Our AS2 certificate")
    assert finding is not None
    assert "CN=intermediate" in finding.note
    assert "Our AS2 certificate" in finding.summary


def test_expiring_within_window():
    finding = expiring(make_pem("x", NOW + 10 * DAY), NOW, key="TLS")
    assert finding.key == "TLS"
    assert "10 day(s)" in finding.summary


def test_not_expiring_outside_window():
    assert expiring(make_pem("x", NOW + 90 * DAY), NOW) is None
    assert expiring(make_pem("x", NOW + 31 * DAY), NOW) is None
    assert expiring(make_pem("x", NOW + 31 * DAY), NOW, within_days=40) is not None


def test_expired_certificate_is_reported():
    finding = expiring(make_pem("old", NOW - DAY, NOW - 100 * DAY), NOW)
    assert "expired on" in finding.summary


def test_aware_now_is_understood():
    aware = NOW.replace(tzinfo=datetime.timezone.utc)
    assert expiring(make_pem("x", NOW + 10 * DAY), aware) is not None
    assert expiring(make_pem("x", NOW + 90 * DAY), aware) is None


@pytest.mark.parametrize("garbage", ["", "hello", None, b"\x00\x01"])
def test_no_certificate_is_a_clear_error(garbage):
    with pytest.raises(ValueError, match="no PEM certificate"):
        certificate_expiry(garbage)


def test_broken_certificate_in_bundle_is_a_clear_error():
    good = make_pem("good", NOW + 90 * DAY)
    broken = "-----BEGIN CERTIFICATE-----\nAAAAAAAA\n-----END CERTIFICATE-----\n"
    with pytest.raises(ValueError, match="certificate 2 of 2 cannot be read"):
        certificate_expiry(good + broken)
    with pytest.raises(ValueError):
        expiring(broken, NOW)
