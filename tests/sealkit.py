"""A certificate authority and a tenant's sealing certificate, made at test time (as BSrE would
issue one): the tests seal with it and validate against the CA, never against a stored key."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID


@dataclass(frozen=True)
class IssuedSeal:
    p12: Path
    password: bytes
    ca_pem: bytes


def _name(common: str, organisation: str) -> x509.Name:
    return x509.Name([
        x509.NameAttribute(NameOID.COMMON_NAME, common),
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation),
        x509.NameAttribute(NameOID.COUNTRY_NAME, "ID"),
    ])  # fmt: skip


def _usage(signing: bool) -> x509.KeyUsage:
    return x509.KeyUsage(digital_signature=True, content_commitment=not signing, key_encipherment=False,
                         data_encipherment=False, key_agreement=False, key_cert_sign=signing,
                         crl_sign=signing, encipher_only=False, decipher_only=False)  # fmt: skip


def make_seal(
    folder: Path, common_name: str, password: bytes = b"rahasia-segel", days: int = 365
) -> IssuedSeal:
    """A CA ("Balai Sertifikasi Elektronik Uji") and a sealing certificate it issued, as PKCS#12."""
    now = datetime.now(UTC)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = _name("Balai Sertifikasi Elektronik Uji", "BSrE Uji")
    ca = (
        x509.CertificateBuilder().subject_name(ca_name).issuer_name(ca_name).public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number()).not_valid_before(now - timedelta(days=2))
        .not_valid_after(now + timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(_usage(True), critical=True)
        .sign(ca_key, hashes.SHA256())
    )  # fmt: skip
    key = ec.generate_private_key(ec.SECP256R1())
    leaf = (
        x509.CertificateBuilder().subject_name(_name(common_name, "Pemerintah Daerah Uji"))
        .issuer_name(ca_name).public_key(key.public_key()).serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1)).not_valid_after(now + timedelta(days=days))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(_usage(False), critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.EMAIL_PROTECTION]), critical=False)
        .sign(ca_key, hashes.SHA256())
    )  # fmt: skip
    folder.mkdir(parents=True, exist_ok=True)
    p12 = folder / "segel.p12"
    p12.write_bytes(pkcs12.serialize_key_and_certificates(
        b"segel", key, leaf, [ca], serialization.BestAvailableEncryption(password)
    ))  # fmt: skip
    return IssuedSeal(p12, password, ca.public_bytes(serialization.Encoding.PEM))
