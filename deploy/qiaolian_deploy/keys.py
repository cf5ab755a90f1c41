"""The keys of a deployment, as files: the console's token-signing key, its public half (which every
service verifies tokens with), and the key of rights' ID-number hashes.

`make run` (QIAOLIAN_ENV=dev) makes them on its first start under var/keys/; for compose,
`qiaolian keys generate deploy/secrets` does the same. Each file is made once, readable by its owner
only (0600), and never overwritten: tokens and stored hashes depend on them. The public half is
re-derived whenever it does not match the private key.
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from qiaolian_chassis.keys import new_signing_key, public_key_of

SIGNING = "token-signing.pem"
PUBLIC = "token-signing.pub"
ID_HASH = "id-hash.key"


@dataclass(frozen=True)
class KeyFiles:
    signing: Path  # Ed25519 private key, PEM (PKCS#8): the console's CONSOLE_SIGNING_KEY_FILE
    public: Path  # its public key, PEM: the services' QIAOLIAN_TOKEN_PUBLIC_KEY_FILE
    id_hash: Path  # 64 hex characters (256 random bits): rights' RIGHTS_ID_HASH_KEY_FILE

    @classmethod
    def under(cls, directory: Path) -> KeyFiles:
        return cls(directory / SIGNING, directory / PUBLIC, directory / ID_HASH)


def _create(path: Path, content: bytes) -> bool:
    """Write a new file with mode 0600; False when it exists already (another process was first)."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return False
    with os.fdopen(fd, "wb") as f:
        f.write(content)
    return True


def ensure_keys(directory: Path) -> KeyFiles:
    """The key files under `directory`, made where missing; what exists is kept."""
    directory.mkdir(parents=True, exist_ok=True)
    os.chmod(directory, 0o700)
    files = KeyFiles.under(directory)
    _create(files.signing, new_signing_key())
    _create(files.id_hash, secrets.token_hex(32).encode())
    public = public_key_of(files.signing.read_bytes())
    if not files.public.exists() or files.public.read_bytes() != public:
        files.public.unlink(missing_ok=True)
        _create(files.public, public)
    return files
