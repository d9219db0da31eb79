"""Python clients against a running CaseGraph (called by .ci/external-checks):

- gql (the README's example): the schema fetched by introspection, a query with variables
  validated against it before it is sent, a mutation, and a coded error;
- /metrics read by prometheus_client's text parser (the reference Python parser), whose
  request histograms must have moved with the requests of this check.

Usage: python python-clients-check.py GRAPHQL_URL TOKEN. Prints one summary line last.
"""

import sys
import uuid

import requests
from gql import Client, gql
from gql.transport.exceptions import TransportQueryError
from gql.transport.requests import RequestsHTTPTransport
from prometheus_client.parser import text_string_to_metric_families

url, token = sys.argv[1], sys.argv[2]
metrics_url = url.rsplit("/graphql", 1)[0] + "/metrics"


def request_counts():
    """Observations of the request histogram, by (operation, outcome)."""
    text = requests.get(metrics_url, timeout=10).text
    counts = {}
    families = {f.name: f for f in text_string_to_metric_families(text)}
    # Absent until a request is answered.
    family = families.get("casegraph_graphql_request_duration_seconds")
    assert family is None or family.type == "histogram", family.type
    for sample in family.samples if family else []:
        if sample.name.endswith("_count"):
            key = (sample.labels["operation"], sample.labels["outcome"])
            counts[key] = sample.value
    for name in ("casegraph_db_statements", "casegraph_db_pool_connections"):
        assert name in families, f"{name} missing from /metrics"
    return counts, len(families)


before, _ = request_counts()

# --- the README's gql example ---
transport = RequestsHTTPTransport(url=url, headers={"Authorization": f"Bearer {token}"})
client = Client(transport=transport, fetch_schema_from_transport=True)

create = gql(
    """
    mutation CreateCase($input: CreateCaseInput!) {
      createCase(input: $input) { id name individuals { birthDate } }
    }
    """
)
name = f"gql check {uuid.uuid4().hex[:8]}"
created = client.execute(
    create,
    variable_values={
        "input": {
            "name": name,
            "type": "KYC",
            "individuals": [{"ref": "p", "firstName": "Ada", "lastName": "Lovelace", "birthDate": "1970-05-29"}],
        }
    },
)["createCase"]
assert created["individuals"][0]["birthDate"] == "1970-05-29", created

page = gql(
    """
    query CasesPage($first: Int!) {
      cases(first: $first) { totalCount edges { node { id name createdAt } } }
    }
    """
)
result = client.execute(page, variable_values={"first": 100})
assert any(e["node"]["id"] == created["id"] for e in result["cases"]["edges"]), result

# Validated against the fetched schema before it is sent: no request at all.
try:
    client.execute(gql("query Wrong { cases(first: 1) { noSuchField } }"))
    raise AssertionError("an invalid document was accepted")
except Exception as e:  # graphql-core's GraphQLError
    assert "noSuchField" in str(e), e

# A coded error from the server.
missing = gql("query Missing($id: ID!) { case(id: $id) { id } }")
try:
    client.execute(missing, variable_values={"id": str(uuid.uuid4())})
    raise AssertionError("an unknown case was found")
except TransportQueryError as e:
    assert e.errors[0]["extensions"]["code"] == "NOT_FOUND", e.errors

# --- /metrics moved ---
after, families = request_counts()
for key in [("CreateCase", "ok"), ("CasesPage", "ok"), ("Missing", "NOT_FOUND")]:
    moved = after.get(key, 0) - before.get(key, 0)
    assert moved == 1, f"{key}: {before.get(key)} -> {after.get(key)}"

print(
    f"python clients: gql created and read a case, errors coded; /metrics: {families} "
    f"families parsed by prometheus_client, request histograms moved — ok"
)
