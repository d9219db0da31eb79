#!/usr/bin/env python3
"""Checks a CaseGraph audit proof bundle (the JSON of the `auditProof` query) offline.

Standard library only, no CaseGraph code: the format is in docs/audit-proof.md.

    python3 tools/verify-audit-proof.py proof.json --key 'casegraph+1a2b3c4d+AUxW...'

Checks every event's payload digest and hash, the links and seq order from the genesis
hash, the chain head, and the signed checkpoint: its Ed25519 signature (C2SP signed note)
under the verifier key, and that the chain still holds the head the checkpoint signed for
the case (it may have grown since). Pass the verifier key you obtained from the operator
with --key; without it the key inside the bundle is used, which proves integrity against
the bundle's own claim only. Exit status 0: valid; 1: invalid (the reason is printed).
"""

import argparse
import base64
import hashlib
import json
import sys

GENESIS = "0" * 64
FORMAT = "casegraph-audit-proof/v1"
ORIGIN = "casegraph-audit/v1"
EVENT_FIELDS = (
    "action", "actorId", "actorType", "at", "caseId", "entityId", "entityType", "id",
    "payloadDigest", "prevHash", "seq", "workspaceId",
)

# --- Ed25519 verification (RFC 8032, section 6) -------------------------------------
P = 2**255 - 19
L = 2**252 + 27742317777372353535851937790883648493
D = -121665 * pow(121666, P - 2, P) % P
SQRT_M1 = pow(2, (P - 1) // 4, P)


def _add(a, b):
    x1, y1, z1, t1 = a
    x2, y2, z2, t2 = b
    aa = (y1 - x1) * (y2 - x2) % P
    bb = (y1 + x1) * (y2 + x2) % P
    cc = t1 * 2 * D * t2 % P
    dd = z1 * 2 * z2 % P
    e, f, g, h = bb - aa, dd - cc, dd + cc, bb + aa
    return (e * f % P, g * h % P, f * g % P, e * h % P)


def _mul(s, pt):
    q = (0, 1, 1, 0)
    while s > 0:
        if s & 1:
            q = _add(q, pt)
        pt = _add(pt, pt)
        s >>= 1
    return q


def _equal(a, b):
    x1, y1, z1, _ = a
    x2, y2, z2, _ = b
    return (x1 * z2 - x2 * z1) % P == 0 and (y1 * z2 - y2 * z1) % P == 0


def _recover_x(y, sign):
    if y >= P:
        return None
    x2 = (y * y - 1) * pow(D * y * y + 1, P - 2, P)
    if x2 == 0:
        return None if sign else 0
    x = pow(x2, (P + 3) // 8, P)
    if (x * x - x2) % P != 0:
        x = x * SQRT_M1 % P
    if (x * x - x2) % P != 0:
        return None
    if (x & 1) != sign:
        x = P - x
    return x


def _decompress(s):
    if len(s) != 32:
        return None
    y = int.from_bytes(s, "little")
    sign = y >> 255
    y &= (1 << 255) - 1
    x = _recover_x(y, sign)
    return None if x is None else (x, y, 1, x * y % P)


_GY = 4 * pow(5, P - 2, P) % P
_G = (_recover_x(_GY, 0), _GY, 1, _recover_x(_GY, 0) * _GY % P)


def ed25519_verify(public, message, signature):
    if len(signature) != 64:
        return False
    a = _decompress(public)
    r = _decompress(signature[:32])
    s = int.from_bytes(signature[32:], "little")
    if a is None or r is None or s >= L:
        return False
    h = int.from_bytes(hashlib.sha512(signature[:32] + public + message).digest(), "little") % L
    return _equal(_mul(s, _G), _add(r, _mul(h, a)))


# --- The bundle -----------------------------------------------------------------------
class Invalid(Exception):
    pass


def canonical(value):
    """Canonical JSON: keys sorted, no whitespace, UTF-8 (docs/audit-proof.md)."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def sha256_hex(text):
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def parse_key(vkey):
    """`<name>+<key id hex>+<base64(0x01 ‖ public key)>` → (name, key id, public key)."""
    try:
        name, key_id, blob = vkey.split("+", 2)
        raw = base64.b64decode(blob, validate=True)
        key_id = bytes.fromhex(key_id)
    except ValueError as e:
        raise Invalid(f"malformed verifier key: {e}") from None
    if len(raw) != 33 or raw[0] != 1 or len(key_id) != 4:
        raise Invalid("verifier key is not an Ed25519 key")
    public = raw[1:]
    expected = hashlib.sha256(name.encode() + b"\n\x01" + public).digest()[:4]
    if key_id != expected:
        raise Invalid("verifier key id does not match its name and public key")
    return name, key_id, public


def open_note(note, vkey):
    """The body of a C2SP signed note signed by `vkey`."""
    name, key_id, public = parse_key(vkey)
    split = note.rfind("\n\n")
    if split < 0:
        raise Invalid("checkpoint is not a signed note")
    body, signatures = note[: split + 1], note[split + 2 :]
    for line in signatures.splitlines():
        if not line.startswith("\u2014 "):
            raise Invalid("checkpoint has a malformed signature line")
        sig_name, _, blob = line[2:].partition(" ")
        raw = base64.b64decode(blob)
        if sig_name != name or raw[:4] != key_id:
            continue
        if not ed25519_verify(public, body.encode("utf-8"), raw[4:]):
            raise Invalid("checkpoint signature does not verify")
        return body
    raise Invalid(f"checkpoint is not signed by key {name}")


def verify(bundle, vkey=None):
    if bundle.get("format") != FORMAT:
        raise Invalid(f"unknown format {bundle.get('format')!r}")
    workspace, case = bundle["workspaceId"], bundle["caseId"]
    prev = GENESIS
    hashes = {}
    erased = []
    for i, e in enumerate(bundle["events"], start=1):
        if e["seq"] != i:
            raise Invalid(f"event at position {i} has seq {e['seq']}: removed or reordered")
        if e["workspaceId"] != workspace or e["caseId"] != case:
            raise Invalid(f"event {i} belongs to another chain")
        if e["prevHash"] != prev:
            raise Invalid(f"event {i} does not link to the event before it")
        if e["erased"]:
            erased.append(i)
            if e["payload"] is not None:
                raise Invalid(f"event {i} is marked erased but has a payload")
        elif e["payload"] is None or sha256_hex(e["payload"]) != e["payloadDigest"]:
            raise Invalid(f"event {i} payload does not match its digest")
        fields = {k: e[k] for k in EVENT_FIELDS}
        if sha256_hex(prev + "\n" + canonical(fields)) != e["hash"]:
            raise Invalid(f"event {i} does not match its hash")
        prev = e["hash"]
        hashes[i] = prev
    head = bundle["head"]
    if head["seq"] != len(bundle["events"]) or head["hash"] != prev:
        raise Invalid("the chain head does not match the last event")
    counted = f"{len(hashes)} events" + erased_note(erased)
    checkpoint = bundle.get("checkpoint")
    if checkpoint is None:
        return f"valid: {counted}, head {prev}; no signed checkpoint lists the case yet"
    body = open_note(checkpoint["note"], vkey or bundle["verifierKey"])
    lines = body.splitlines()
    if not lines or lines[0] != f"{ORIGIN} {workspace}":
        raise Invalid("checkpoint is for another workspace")
    for line in lines[3:]:
        parts = line.split(" ")
        if len(parts) == 3 and parts[0] == case:
            seq, signed = int(parts[1]), parts[2]
            if seq not in hashes:
                raise Invalid(
                    f"the chain ends at event {len(hashes)} but the checkpoint of {lines[1]} "
                    f"signed event {seq}: events were removed"
                )
            if hashes[seq] != signed:
                raise Invalid(f"event {seq} differs from the one the checkpoint signed")
            return (
                f"valid: {counted}, head {prev}; checkpoint of {lines[1]} "
                f"signed event {seq}" + ("" if vkey else " (key taken from the bundle: pass --key)")
            )
    raise Invalid("the checkpoint does not list the case")


def erased_note(seqs):
    """' (payloads erased under retention: events 1-9, 12)', or '' when none was."""
    if not seqs:
        return ""
    runs, start = [], seqs[0]
    for a, b in zip(seqs, seqs[1:] + [None]):
        if b != a + 1:
            runs.append(f"{start}" if start == a else f"{start}-{a}")
            start = b
    return f" (payloads erased under retention: events {', '.join(runs)})"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("bundle", help="the auditProof JSON (a file, or - for stdin)")
    parser.add_argument("--key", help="the operator's verifier key (<name>+<id>+<base64>)")
    args = parser.parse_args()
    with (sys.stdin if args.bundle == "-" else open(args.bundle, encoding="utf-8")) as f:
        bundle = json.load(f)
    # Accept the whole GraphQL response as well as the bundle itself.
    bundle = bundle.get("data", {}).get("auditProof", bundle) if "data" in bundle else bundle
    try:
        print(verify(bundle, args.key))
    except (Invalid, KeyError, TypeError, ValueError) as e:
        print(f"INVALID: {e}")
        sys.exit(1)


if __name__ == "__main__":
    main()
