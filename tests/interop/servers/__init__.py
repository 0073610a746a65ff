"""Real servers the interop tests start on 127.0.0.1 (sshd, an HTTP partner API)."""
