"""Credentials encrypted at rest with Fernet keys kept outside the database.

The key comes from the Odoo config file (option ``integration_vault_key``) or
the environment (``INTEGRATION_VAULT_KEY``), never from the database, so a
database dump alone does not reveal partner passwords. Several keys may be
given, comma-separated: the first encrypts, all decrypt, which lets a key be
rotated without a flag day.

Encrypted values look like ``vault:v1:<Fernet token>``.
"""

import logging
import re
from collections.abc import Sequence

from cryptography.fernet import Fernet, InvalidToken, MultiFernet

from integration_core.errors import PermanentError

_logger = logging.getLogger(__name__)

PREFIX = "vault:v1:"
CONFIG_OPTION = "integration_vault_key"
ENV_VAR = "INTEGRATION_VAULT_KEY"

_TOKEN_RE = re.compile(r"[A-Za-z0-9_-]+={0,2}")

_WHERE = (
    f"option `{CONFIG_OPTION}` in the Odoo config file or environment variable "
    f"`{ENV_VAR}`"
)
_HOW_TO_GENERATE = (
    'generate a key with `python3 -c "from cryptography.fernet import Fernet; '
    'print(Fernet.generate_key().decode())"`'
)


class VaultError(PermanentError):
    """A secret could not be encrypted or decrypted."""


class VaultKeyMissing(VaultError):
    """No vault key is configured."""

    def __init__(self):
        super().__init__(
            f"No integration vault key is configured: set the {_WHERE} "
            f"({_HOW_TO_GENERATE}) and restart Odoo."
        )


class VaultKeyInvalid(VaultError):
    """A configured vault key is not a Fernet key.

    :param position: 1-based position of the key in the configured list.
    """

    def __init__(self, position: int, problem: str):
        self.position = position
        super().__init__(
            f"The {ordinal(position)} integration vault key is not a valid "
            f"Fernet key ({problem}): a key is 32 url-safe base64-encoded bytes "
            f"(44 characters). Fix the {_WHERE} ({_HOW_TO_GENERATE}).",
            details={"position": position},
        )


class VaultDecryptError(VaultError):
    """A value could not be decrypted with the configured keys."""


class SecretVault:
    """Encrypts and decrypts secrets with one or more Fernet keys.

    :param keys: Fernet keys (``str`` or ``bytes``); the first encrypts, all
        decrypt. A single key may be passed on its own.
    :raises VaultKeyMissing: when no key is given.
    :raises VaultKeyInvalid: naming the first malformed key's position.
    """

    PREFIX = PREFIX

    def __init__(self, keys: Sequence[str | bytes] | str | bytes):
        if isinstance(keys, str | bytes):
            keys = [keys]
        keys = list(keys or ())
        if not keys:
            raise VaultKeyMissing()
        self._fernet = MultiFernet(
            [_fernet(key, position) for position, key in enumerate(keys, start=1)]
        )
        self._key_count = len(keys)

    def __repr__(self):
        return f"<SecretVault with {self._key_count} key(s)>"

    @property
    def key_count(self) -> int:
        """How many keys are configured (the first one encrypts)."""
        return self._key_count

    @classmethod
    def from_settings(
        cls, config_value: str | None, env_value: str | None
    ) -> "SecretVault":
        """Build the vault from the config option and the environment variable.

        Each is a comma-separated list of keys; whitespace around keys and
        empty items are ignored. The environment wins when it holds any key.
        ``None`` or ``False`` (Odoo's "not set") count as unset.

        :raises VaultKeyMissing: when neither holds a key.
        """
        keys = split_keys(env_value) or split_keys(config_value)
        if not keys:
            raise VaultKeyMissing()
        return cls(keys)

    def encrypt(self, plaintext: str) -> str:
        """Return ``plaintext`` encrypted with the current key, as ASCII text."""
        if not isinstance(plaintext, str):
            raise TypeError(
                f"SecretVault.encrypt expects str, got {type(plaintext).__qualname__}"
            )
        token = self._fernet.encrypt(plaintext.encode("utf-8", "surrogatepass"))
        return PREFIX + token.decode("ascii")

    def decrypt(self, value: str) -> str:
        """Return the plaintext of a value made by :meth:`encrypt`.

        :raises VaultDecryptError: when ``value`` is not an encrypted secret,
            or was encrypted with a key that is not configured, or is corrupt.
        """
        token = self._token(value, "decrypt")
        try:
            plaintext = self._fernet.decrypt(token)
        except InvalidToken:
            raise _decrypt_failed() from None
        return _text(plaintext)

    def rotate(self, value: str) -> str:
        """Re-encrypt a value with the current (first) key.

        The value may have been encrypted with any configured key. Run this
        over every stored secret before removing an old key.
        """
        token = self._token(value, "rotate")
        try:
            rotated = self._fernet.rotate(token)
        except InvalidToken:
            raise _decrypt_failed() from None
        return PREFIX + rotated.decode("ascii")

    @staticmethod
    def is_encrypted(value: object) -> bool:
        """Tell whether ``value`` looks like a value made by :meth:`encrypt`."""
        return (
            isinstance(value, str)
            and value.startswith(PREFIX)
            and len(value) > len(PREFIX)
        )

    @staticmethod
    def generate_key() -> str:
        """Return a new random Fernet key as text, for the config file."""
        return Fernet.generate_key().decode("ascii")

    def _token(self, value, action):
        if not self.is_encrypted(value):
            raise VaultDecryptError(
                f"cannot {action}: value is not an encrypted secret "
                f"(it does not start with {PREFIX!r})"
            )
        token = value[len(PREFIX) :]
        # Fernet's base64 decoding skips stray characters; refuse them so
        # that a damaged value is reported, not silently accepted.
        if not _TOKEN_RE.fullmatch(token):
            raise VaultDecryptError(
                f"cannot {action}: the encrypted secret is corrupt "
                f"(characters outside url-safe base64)"
            )
        return token.encode("ascii")


def split_keys(value: str | None) -> list[str]:
    """Split a comma-separated key list; ``None``/``False``/blank give ``[]``."""
    if not value:
        return []
    if not isinstance(value, str):
        raise TypeError(f"vault keys must be a str, got {type(value).__qualname__}")
    return [key.strip() for key in value.split(",") if key.strip()]


def ordinal(number: int) -> str:
    """Return ``1st``, ``2nd``, ``3rd``, ``4th``, ``11th``, ``21st``..."""
    if 10 <= number % 100 <= 20:
        suffix = "th"
    else:
        suffix = {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"


def _fernet(key, position):
    if isinstance(key, str):
        key = key.strip()
    if not key:
        raise VaultKeyInvalid(position, "it is empty")
    if not isinstance(key, str | bytes):
        raise VaultKeyInvalid(position, f"it is a {type(key).__qualname__}")
    try:
        return Fernet(key)
    except (ValueError, TypeError):
        # The original message never holds key material, but keep it out of
        # the chain anyway: exception chains end up in logs.
        raise VaultKeyInvalid(position, f"{len(key)} characters given") from None


def _text(plaintext):
    try:
        return plaintext.decode("utf-8", "surrogatepass")
    except UnicodeDecodeError:
        raise VaultDecryptError(
            "the encrypted secret decrypts to bytes that are not UTF-8 text"
        ) from None


def _decrypt_failed():
    return VaultDecryptError(
        "cannot decrypt the secret: it was encrypted with a key that is not "
        f"configured, or it is corrupt. If the key was rotated, list the old key "
        f"after the new one, comma-separated, in the {_WHERE}; otherwise enter "
        f"the secret again."
    )
