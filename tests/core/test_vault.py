"""Secret vault: round trip, no plaintext leaks, wrong keys, rotation, settings."""

import base64

import pytest
from cryptography.fernet import Fernet
from hypothesis import given, settings
from hypothesis import strategies as st

from integration_core.errors import PERMANENT, PermanentError, classify_exception
from integration_core.vault import (
    PREFIX,
    SecretVault,
    VaultDecryptError,
    VaultError,
    VaultKeyInvalid,
    VaultKeyMissing,
    ordinal,
    split_keys,
)

OLD_KEY = SecretVault.generate_key()
NEW_KEY = SecretVault.generate_key()
OTHER_KEY = SecretVault.generate_key()
PASSWORD = "s3cret-SFTP-p@ssw0rd"


@pytest.fixture(scope="module")
def vault():
    return SecretVault([NEW_KEY])


def _assert_clean(error, *secrets):
    """The error message names no key and no plaintext."""
    text = str(error)
    for secret in secrets:
        assert secret not in text
    assert "VAULT" in text.upper() or "SECRET" in text.upper()


# --- round trip --------------------------------------------------------------


@settings(max_examples=200)
@given(st.text())
def test_round_trip_any_text(plaintext):
    vault = SecretVault([NEW_KEY])
    assert vault.decrypt(vault.encrypt(plaintext)) == plaintext


@pytest.mark.parametrize(
    "plaintext", ["", "päss wörd", "病院の鍵", "emoji 🔑", "\x00nul", "\ud800lone"]
)
def test_round_trip_edge_cases(vault, plaintext):
    assert vault.decrypt(vault.encrypt(plaintext)) == plaintext


@given(st.text(min_size=12))
def test_ciphertext_holds_no_plaintext(plaintext):
    encrypted = SecretVault([NEW_KEY]).encrypt(plaintext)
    assert encrypted.startswith(PREFIX)
    assert encrypted.isascii()
    assert plaintext not in encrypted
    token = encrypted[len(PREFIX) :]
    assert plaintext.encode("utf-8", "surrogatepass") not in base64.urlsafe_b64decode(
        token
    )


def test_same_plaintext_encrypts_differently_each_time(vault):
    assert vault.encrypt(PASSWORD) != vault.encrypt(PASSWORD)


def test_encrypt_refuses_bytes(vault):
    with pytest.raises(TypeError, match="expects str, got bytes"):
        vault.encrypt(PASSWORD.encode())


def test_token_is_a_standard_fernet_token(vault):
    token = vault.encrypt(PASSWORD)[len(PREFIX) :]
    assert Fernet(NEW_KEY).decrypt(token.encode()) == PASSWORD.encode()


def test_is_encrypted(vault):
    assert SecretVault.is_encrypted(vault.encrypt(PASSWORD))
    for value in (PASSWORD, PREFIX, "", None, False, b"vault:v1:x"):
        assert not SecretVault.is_encrypted(value)


# --- decryption failures -----------------------------------------------------


@pytest.mark.parametrize("value", [PASSWORD, "", None, b"vault:v1:abc", PREFIX])
def test_decrypt_requires_an_encrypted_value(vault, value):
    with pytest.raises(
        VaultDecryptError, match="value is not an encrypted secret"
    ) as info:
        vault.decrypt(value)
    _assert_clean(info.value, PASSWORD)


def test_wrong_key_is_reported_without_secrets():
    encrypted = SecretVault([OLD_KEY]).encrypt(PASSWORD)
    with pytest.raises(VaultDecryptError, match="key that is not configured") as info:
        SecretVault([OTHER_KEY]).decrypt(encrypted)
    _assert_clean(info.value, PASSWORD, OLD_KEY, OTHER_KEY)
    assert info.value.__cause__ is None and info.value.__suppress_context__


@pytest.mark.parametrize(
    "damage",
    [
        lambda token: token[:-4] + "AAAA",  # wrong signature
        lambda token: token[: len(token) // 2],  # truncated
        lambda token: token + "!!",  # not base64
        lambda token: token.replace("A", "Ä", 1) if "A" in token else token + "Ä",
    ],
    ids=["signature", "truncated", "not-base64", "non-ascii"],
)
def test_damaged_values_are_refused(vault, damage):
    encrypted = vault.encrypt(PASSWORD)
    damaged = PREFIX + damage(encrypted[len(PREFIX) :])
    with pytest.raises(VaultDecryptError):
        vault.decrypt(damaged)


def test_vault_errors_are_permanent():
    assert issubclass(VaultError, PermanentError)
    for error_class in (VaultKeyMissing, VaultKeyInvalid, VaultDecryptError):
        assert issubclass(error_class, VaultError)
    assert classify_exception(VaultKeyMissing()) == PERMANENT


# --- rotation ----------------------------------------------------------------


def test_rotation_with_old_and_new_keys():
    old_value = SecretVault([OLD_KEY]).encrypt(PASSWORD)
    both = SecretVault([NEW_KEY, OLD_KEY])
    assert both.decrypt(old_value) == PASSWORD  # old secrets still readable

    rotated = both.rotate(old_value)
    assert SecretVault.is_encrypted(rotated)
    assert SecretVault([NEW_KEY]).decrypt(rotated) == PASSWORD
    with pytest.raises(VaultDecryptError):
        SecretVault([OLD_KEY]).decrypt(rotated)


def test_first_key_encrypts():
    value = SecretVault([NEW_KEY, OLD_KEY]).encrypt(PASSWORD)
    assert SecretVault([NEW_KEY]).decrypt(value) == PASSWORD
    with pytest.raises(VaultDecryptError):
        SecretVault([OLD_KEY]).decrypt(value)


def test_rotating_with_an_unknown_key_fails_cleanly():
    value = SecretVault([OTHER_KEY]).encrypt(PASSWORD)
    with pytest.raises(VaultDecryptError, match="not configured"):
        SecretVault([NEW_KEY, OLD_KEY]).rotate(value)


def test_rotate_requires_an_encrypted_value(vault):
    with pytest.raises(VaultDecryptError, match="cannot rotate"):
        vault.rotate(PASSWORD)


# --- keys --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("keys", "position"),
    [
        (["not-a-key"], "1st"),
        ([NEW_KEY, NEW_KEY[:-2]], "2nd"),
        ([NEW_KEY, OLD_KEY, "x" * 44], "3rd"),
        ([NEW_KEY, OLD_KEY, OTHER_KEY, "  "], "4th"),
        ([NEW_KEY, 12345], "2nd"),
        ([base64.urlsafe_b64encode(b"k" * 31)], "1st"),
    ],
)
def test_malformed_key_is_named_by_position(keys, position):
    with pytest.raises(
        VaultKeyInvalid, match=f"The {position} integration vault key"
    ) as info:
        SecretVault(keys)
    assert info.value.position == int(position[:-2])
    assert "integration_vault_key" in str(info.value)
    assert "INTEGRATION_VAULT_KEY" in str(info.value)
    bad = keys[-1]
    if isinstance(bad, str) and bad.strip():
        assert bad not in str(info.value)


def test_keys_may_be_bytes_or_a_single_key():
    value = SecretVault([NEW_KEY.encode()]).encrypt(PASSWORD)
    assert SecretVault(NEW_KEY).decrypt(value) == PASSWORD
    assert SecretVault(NEW_KEY.encode()).decrypt(value) == PASSWORD


@pytest.mark.parametrize("keys", [[], (), None])
def test_no_key_is_missing(keys):
    with pytest.raises(VaultKeyMissing) as info:
        SecretVault(keys)
    assert "integration_vault_key" in str(info.value)
    assert "INTEGRATION_VAULT_KEY" in str(info.value)


def test_generated_keys_are_distinct_valid_fernet_keys():
    keys = {SecretVault.generate_key() for _ in range(20)}
    assert len(keys) == 20
    for key in keys:
        assert len(key) == 44
        Fernet(key)


def test_repr_shows_no_key():
    vault = SecretVault([NEW_KEY, OLD_KEY])
    assert NEW_KEY not in repr(vault) and OLD_KEY not in repr(vault)
    assert vault.key_count == 2


# --- settings ----------------------------------------------------------------


def test_env_wins_over_config():
    vault = SecretVault.from_settings(config_value=OLD_KEY, env_value=NEW_KEY)
    value = vault.encrypt(PASSWORD)
    assert SecretVault([NEW_KEY]).decrypt(value) == PASSWORD
    with pytest.raises(VaultDecryptError):
        SecretVault([OLD_KEY]).decrypt(value)
    with pytest.raises(VaultDecryptError):
        vault.decrypt(SecretVault([OLD_KEY]).encrypt(PASSWORD))  # config unused


@pytest.mark.parametrize("env_value", [None, "", "  ", " , "])
def test_config_is_used_when_env_is_blank(env_value):
    vault = SecretVault.from_settings(config_value=OLD_KEY, env_value=env_value)
    assert SecretVault([OLD_KEY]).decrypt(vault.encrypt(PASSWORD)) == PASSWORD


def test_settings_are_comma_separated_and_stripped():
    vault = SecretVault.from_settings(f"  {NEW_KEY} ,\n {OLD_KEY} ,", None)
    assert vault.key_count == 2
    assert vault.decrypt(SecretVault([OLD_KEY]).encrypt(PASSWORD)) == PASSWORD
    assert SecretVault([NEW_KEY]).decrypt(vault.encrypt(PASSWORD)) == PASSWORD


@pytest.mark.parametrize(
    ("config_value", "env_value"), [(None, None), (False, None), ("", " "), (",", None)]
)
def test_nothing_configured_is_missing(config_value, env_value):
    with pytest.raises(VaultKeyMissing, match="No integration vault key"):
        SecretVault.from_settings(config_value, env_value)


def test_malformed_setting_names_the_position():
    with pytest.raises(VaultKeyInvalid, match="The 2nd"):
        SecretVault.from_settings(None, f"{NEW_KEY},{NEW_KEY[:20]}")


def test_split_keys():
    assert split_keys(" a , b ,, c ") == ["a", "b", "c"]
    assert split_keys(None) == split_keys(False) == split_keys("") == []


@pytest.mark.parametrize(
    ("number", "text"),
    [(1, "1st"), (2, "2nd"), (3, "3rd"), (4, "4th"), (11, "11th"), (12, "12th")]
    + [(13, "13th"), (21, "21st"), (22, "22nd"), (101, "101st"), (111, "111th")],
)
def test_ordinal(number, text):
    assert ordinal(number) == text
