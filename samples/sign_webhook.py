#!/usr/bin/env python3
"""Sign a payload file the way a CMS must, per Standard Webhooks (standard library only).

    python samples/sign_webhook.py PAYLOAD.json                 # print the three headers
    python samples/sign_webhook.py PAYLOAD.json --url URL       # print a curl command that sends it
    python samples/sign_webhook.py PAYLOAD.json --url URL --send  # run that curl command
    python samples/sign_webhook.py PAYLOAD.json --option images=skip --url URL --send

The secret is --secret, else the first entry of CAPTIONCHECK_WEBHOOK_SECRETS.
The signature covers the file's exact bytes, so curl sends it with --data-binary.
--option NAME=VALUE puts a decision option (images, format, async, callback_url) into the
body's "captioncheck" object, where the signature covers it (the service refuses them in the
query string); the body is then written to a new file, and that file is signed and sent.
Copy this into a CMS plugin as a reference: it is the whole algorithm.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import hmac
import json
import os
import shlex
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path


def signature_headers(secret: str, webhook_id: str, timestamp: int, body: bytes) -> dict[str, str]:
    key = base64.b64decode(secret.removeprefix("whsec_"))
    signed = f"{webhook_id}.{timestamp}.".encode() + body
    digest = base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()
    return {"webhook-id": webhook_id, "webhook-timestamp": str(timestamp), "webhook-signature": f"v1,{digest}"}


def curl_command(url: str, payload: Path, headers: dict[str, str]) -> list[str]:
    command = ["curl", "-sS", "-X", "POST", url, "-H", "content-type: application/json"]
    for name, value in headers.items():
        command += ["-H", f"{name}: {value}"]
    return command + ["--data-binary", f"@{payload}"]


def with_options(payload: Path, options: list[str]) -> Path:
    """A copy of the payload with the options in its "captioncheck" object (true/false/numbers as JSON)."""
    data = json.loads(payload.read_bytes())
    for option in options:
        name, _, value = option.partition("=")
        try:
            parsed = json.loads(value)
        except ValueError:
            parsed = value
        data.setdefault("captioncheck", {})[name.strip()] = parsed
    handle, name = tempfile.mkstemp(prefix=f"{payload.stem}-", suffix=".json")
    with os.fdopen(handle, "wb") as out:
        out.write(json.dumps(data).encode())
    print(f"signed body with options: {name}", file=sys.stderr)
    return Path(name)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Sign a webhook payload (Standard Webhooks, HMAC-SHA256).")
    parser.add_argument("payload", type=Path, help="the JSON file to send, as is")
    parser.add_argument("--secret", help="whsec_<base64>; default: first of CAPTIONCHECK_WEBHOOK_SECRETS")
    parser.add_argument("--id", default=None, help="webhook-id (default: a new random one; reuse it to retry)")
    parser.add_argument("--url", help="print (or with --send, run) a curl command posting to this URL")
    parser.add_argument("--send", action="store_true", help="run the curl command")
    parser.add_argument("--option", action="append", default=[], metavar="NAME=VALUE",
                        help="images=skip, format=wordpress|arc, async=true or callback_url=URL (repeatable)")
    args = parser.parse_args(argv)
    secret = args.secret or (os.environ.get("CAPTIONCHECK_WEBHOOK_SECRETS") or "").split(",")[0].strip()
    if not secret:
        parser.error("give --secret whsec_... or set CAPTIONCHECK_WEBHOOK_SECRETS")
    payload = with_options(args.payload, args.option) if args.option else args.payload
    body = payload.read_bytes()
    headers = signature_headers(secret, args.id or f"msg_{uuid.uuid4().hex}", int(time.time()), body)
    if not args.url:
        print("\n".join(f"{name}: {value}" for name, value in headers.items()))
        return 0
    command = curl_command(args.url, payload, headers)
    if not args.send:
        print(shlex.join(command))
        return 0
    return subprocess.run(command, check=False).returncode


if __name__ == "__main__":
    sys.exit(main())
