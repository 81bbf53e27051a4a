"""Progress bars: drawn on a terminal, and not one character when stderr is a file or a pipe."""

from __future__ import annotations

import io

import pytest

from gateway.cli.output import Progress


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def _draw(stream: io.StringIO, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setattr("sys.stderr", stream)
    with Progress("aanleveren", unit="loonstroken") as bar:
        bar.show(3, 10)
        bar.describe("tabel.kolom")
        bar.show(1, 4)  # a new round counts from zero again
        bar.show(4, 4)
    return stream.getvalue()


def test_a_terminal_gets_a_bar(monkeypatch: pytest.MonkeyPatch) -> None:
    drawn = _draw(_Terminal(), monkeypatch)
    # tqdm redraws at most ten times a second, so a fast test sees the first drawing of each round.
    assert "aanleveren: 0 loonstroken" in drawn
    assert "tabel.kolom:   0%|" in drawn
    assert "0/4" in drawn


def test_a_file_or_pipe_gets_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    assert _draw(io.StringIO(), monkeypatch) == ""
