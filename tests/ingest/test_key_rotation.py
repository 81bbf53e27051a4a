"""Pushing during and after a rotation of the blind-index and digest keys: workers are still found,
a record sent before the rotation is still a duplicate, an Idempotency-Key still finds its answer."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy.orm import Session, sessionmaker
from starlette.testclient import TestClient

from gateway.ingest.app import create_app
from gateway.ingest.config import IngestConfig
from gateway.security.gateway_keys import GatewayKeys
from gateway.security.keyring import Keyring
from gateway.store import reindex
from gateway.store.db import Database
from gateway.store.sealing import Sealer
from tests.ingest.conftest import ISSUER, Clock
from tests.ingest.kit import Agent, access_token, batch_payload, push, record, seal, stored_counts


@pytest.fixture
def rotated(keyring: Keyring) -> Sealer:
    """The test keyring after `keys rotate-index` and `keys rotate-digest`."""
    return Sealer(keyring.rotated_index().rotated_digest())


@pytest.fixture
def rotated_client(
    database: Database, rotated: Sealer, gateway_keys: GatewayKeys, config: IngestConfig, clock: Clock
) -> Iterator[TestClient]:
    """The agency API restarted with the rotated keyring, on the same database."""
    app = create_app(database=database, sealer=rotated, keys=gateway_keys, config=config, clock=clock)
    with TestClient(app, base_url=ISSUER) as client:
        yield client


def _outcomes(response: object) -> list[str]:
    assert response.status_code == 201, response.text  # type: ignore[attr-defined]
    return [item["outcome"] for item in response.json()["records"]]  # type: ignore[attr-defined]


def test_pushing_before_during_and_after_a_key_rotation(
    client: TestClient,
    rotated_client: TestClient,
    rotated: Sealer,
    agent: Agent,
    config: IngestConfig,
    gateway_keys: GatewayKeys,
    session: Session,
    session_factory: sessionmaker[Session],
) -> None:
    first = [record("LS-1"), record("LS-2", bsn="999900018")]
    before = push(
        client,
        access_token(client, agent, config),
        seal(batch_payload(first), agent, gateway_keys),
        key="sleutel-voor",
    )
    assert _outcomes(before) == ["opgeslagen", "opgeslagen"]

    token = access_token(rotated_client, agent, config)
    # The same Idempotency-Key and records: the stored answer, not "key used for another message".
    again = push(rotated_client, token, seal(batch_payload(first), agent, gateway_keys), key="sleutel-voor")
    assert again.headers["idempotent-replayed"] == "true"
    assert again.json() == before.json()
    # The same records under a new key: recognised as duplicates under the digest key they were stored with;
    # a new record for a worker indexed under the old key is found and stored.
    mixed = [*first, record("LS-3", bsn="999900031")]
    during = push(rotated_client, token, seal(batch_payload(mixed), agent, gateway_keys))
    assert _outcomes(during) == ["dubbel", "dubbel", "opgeslagen"]

    session.commit()
    # Three workers, their three enrollments (indexed under the agency's old key by the first push), and
    # the two records stored before the rotation.
    assert reindex.reindex_all(sessions=session_factory, sealer=rotated) == 3 + 3 + 2
    retired = Sealer(rotated.keyring.retired())
    assert set(reindex.pending(session=session, sealer=retired).values()) == {0}
    after = push(rotated_client, token, seal(batch_payload(mixed), agent, gateway_keys))
    assert _outcomes(after) == ["dubbel", "dubbel", "dubbel"]
    assert stored_counts(session, agent)[1] == 3
