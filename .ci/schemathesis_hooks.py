"""Schemathesis check for CaseGraph's error contract (SPEC §5), loaded by .ci/external-checks.

Every GraphQL error must carry `extensions.code`, and none may be `INTERNAL`: an INTERNAL is a
bug (a database error, a panic) that generated input reached. Each response's status and
codes are appended to $CASEGRAPH_ST_LOG (one JSON line each) for the CI summary.
"""

import json
import os

import schemathesis


def _errors(response):
    try:
        body = response.json()
    except ValueError:
        raise AssertionError(f"HTTP {response.status_code}: body is not JSON")
    if not isinstance(body, dict):
        raise AssertionError(f"HTTP {response.status_code}: body is not a JSON object")
    return body.get("errors") or []


@schemathesis.check
def casegraph_error_codes(ctx, response, case):
    """Every error has extensions.code, and none is INTERNAL."""
    errors = _errors(response)
    codes = [((e.get("extensions") or {}).get("code")) for e in errors if isinstance(e, dict)]
    log = os.environ.get("CASEGRAPH_ST_LOG")
    if log:
        with open(log, "a", encoding="utf-8") as f:
            f.write(json.dumps({"status": response.status_code, "codes": codes}) + "\n")
    if any(code is None for code in codes) or len(codes) != len(errors):
        raise AssertionError(f"an error without extensions.code: {json.dumps(errors)[:500]}")
    if "INTERNAL" in codes:
        raise AssertionError(f"INTERNAL error: {json.dumps(errors)[:500]}")
    return None


def _json_values():
    """JSON scalar values (a check's `data`, metadata): small objects of strings, numbers, flags."""
    import graphql
    from hypothesis import strategies as st
    from schemathesis.graphql import nodes

    leaf = st.one_of(
        st.text(max_size=20).map(nodes.String),
        st.integers(min_value=-(2**31), max_value=2**31 - 1).map(nodes.Int),
        st.booleans().map(nodes.Boolean),
    )
    key = st.from_regex(r"[A-Za-z_][A-Za-z0-9_]{0,11}", fullmatch=True)
    return st.dictionaries(key, leaf, max_size=4).map(
        lambda d: nodes.Object(
            [graphql.ObjectFieldNode(name=graphql.NameNode(value=k), value=v) for k, v in d.items()]
        )
    )


schemathesis.graphql.scalar("JSON", _json_values())


def _upload_values():
    """Upload scalar values: a JSON request carries no file parts, so any value names a file
    that is not there; the server must refuse it with a coded error (never INTERNAL)."""
    from hypothesis import strategies as st
    from schemathesis.graphql import nodes

    return st.sampled_from(["0", "1", "file", ""]).map(nodes.String)


schemathesis.graphql.scalar("Upload", _upload_values())
