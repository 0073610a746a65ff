"""Drives the pyas2lib partner (``tests/interop/as2_peer/peer.py``) through
its control endpoints; shared by the interop tests and the Odoo tests."""

import base64
import json
import urllib.error
import urllib.request


class PeerClient:
    """Drives ``peer.py`` through its control endpoints."""

    def __init__(self, base_url):
        self.base_url = base_url
        self.as2_url = f"{base_url}/as2"

    def _call(self, method, path, payload=None):
        data = json.dumps(payload).encode("utf-8") if payload is not None else None
        request = urllib.request.Request(
            self.base_url + path,
            data=data,
            method=method,
            headers={"Content-Type": "application/json"},
        )
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return json.loads(response.read())
        except urllib.error.HTTPError as exc:
            raise AssertionError(f"peer {path} failed: {exc.read().decode()}") from exc

    def configure(self, org, partner):
        """Set the peer's own identity and its settings for us."""
        return self._call(
            "POST", "/control/configure", {"org": org, "partner": partner}
        )

    def reset(self):
        """Forget received messages and judged MDNs."""
        return self._call("POST", "/control/reset", {})

    def send(self, url, payload, filename="peer.edi", content_type=None, tamper=None):
        """Make the peer build and POST a message to ``url``; return its verdict."""
        request = {
            "url": url,
            "payload_b64": base64.b64encode(payload).decode("ascii"),
            "filename": filename,
            "content_type": content_type or "application/edi-consent",
            "tamper": tamper,
        }
        return self._call("POST", "/control/send", request)

    def received(self):
        """What the peer received, oldest first."""
        return self._call("GET", "/control/received")

    def mdns(self):
        """``{message_id: verdict}`` of the asynchronous MDNs the peer judged."""
        return self._call("GET", "/control/mdns")
