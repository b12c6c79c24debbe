"""What a person sees of the questionnaire in a real terminal, at 60 x 24 (issue 26), read back
from tmux: the title and the disclaimer are still on screen at the first question, every answer
leaves one line of the same form ("→ " and the answer in words), and the review fits."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

NETCLI = Path(sys.executable).parent / "netcli"
pytestmark = pytest.mark.skipif(
    shutil.which("tmux") is None or not NETCLI.exists(), reason="needs tmux and installed netcli"
)


class Screen:
    def __init__(self, name: str) -> None:
        self.name = name

    def keys(self, *keys: str) -> None:
        for key in keys:
            subprocess.run(["tmux", "send-keys", "-t", self.name, key], check=True)
            time.sleep(0.3)

    def text(self, history: int = 0) -> str:
        args = ["tmux", "capture-pane", "-p", "-t", self.name]
        args += ["-S", str(-history)] if history else []
        return subprocess.run(args, capture_output=True, text=True, check=True).stdout

    def wait_for(self, words: str, seconds: float = 30) -> str:
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            shown = self.text()
            if words in shown:
                return shown
            time.sleep(0.2)
        raise AssertionError(f"{words!r} never shown:\n{self.text()}")


@pytest.fixture
def screen(tmp_path: Path, cache_dir: Path) -> Iterator[Screen]:
    name = f"netcli-test-{os.getpid()}"
    command = f"unset COLUMNS LINES; NETCLI_CACHE_DIR={cache_dir} {NETCLI} explore; sleep 30"
    subprocess.run(
        [
            "tmux",
            "new-session",
            "-d",
            "-s",
            name,
            "-x",
            "60",
            "-y",
            "24",
            "-c",
            str(tmp_path),
            command,
        ],
        check=True,
        # The terminal's own size, never a COLUMNS or LINES left by another test.
        env={
            k: v
            for k, v in os.environ.items()
            if not k.startswith("TMUX") and k not in ("COLUMNS", "LINES")
        },
    )
    try:
        yield Screen(name)
    finally:
        subprocess.run(["tmux", "kill-session", "-t", name], check=False)


def test_at_60_by_24_the_questionnaire_reads_whole(screen: Screen) -> None:
    first = screen.wait_for("Question 1 of")
    assert first.splitlines()[0].startswith("Treatment options to talk over with your team")
    assert "not medical advice" in first
    # NET; the pancreas; grade not sure; spread: tick two; then Not sure to the review.
    screen.keys("Down", "Enter", "Up", "Up", "Up", "Up", "Enter", "Enter")
    screen.wait_for("Has it spread")
    screen.keys("Up", "Up", "Space", "Up", "Space", "Enter")
    for _ in range(12):
        if "Your answers" in screen.text():
            break
        screen.keys("Enter")
    review = screen.wait_for("Your answers")
    history = screen.text(history=200)
    echoes = [line.strip() for line in history.splitlines() if line.startswith("  →")]
    assert "→ A neuroendocrine tumour (NET)" in echoes
    assert "→ The pancreas" in echoes
    assert any(e.startswith("→ It has spread to nearby lymph nodes, It has") for e in echoes)
    # Each echo is the answer in the knowledge base's words and nothing else (no tick boxes, no
    # widget hints): whole labels joined by ", ", the last one perhaps cut where the line wraps.
    labels = shipped_labels()
    for line in echoes:
        assert only_labels(line.removeprefix("→ "), labels), line
    # The review: every answer's row whole, the last one included.
    rows = review[review.index("Your answers") :]
    assert "See the results" in rows and "Coming back: Not sure" in rows


def shipped_labels() -> list[str]:
    from netcli.knowledge import default_kb_path
    from netcli.knowledge.load import open_kb

    questions = open_kb(default_kb_path()).knowledge_base().questions
    words = {c.label for q in questions for c in q.choices} | {q.unsure_label for q in questions}
    return sorted(words, key=len, reverse=True)


def only_labels(text: str, labels: list[str]) -> bool:
    """Whether ``text`` is choice labels joined by ", ", the last perhaps cut short."""
    while text:
        label = next((label for label in labels if text.startswith(label)), None)
        if label is None:
            return any(label.startswith(text) for label in labels)
        text = text[len(label) :].removeprefix(", ")
    return True


def test_only_labels_refuses_a_widget_hint_or_a_tick_box() -> None:
    labels = ["The pancreas", "It has spread to nearby lymph nodes", "It has spread to the liver"]
    assert only_labels("The pancreas", labels)
    assert only_labels("It has spread to nearby lymph nodes, It has", labels)
    assert not only_labels("The pancreas (use the arrows)", labels)
    assert not only_labels("[x] The pancreas", labels)
    assert not only_labels("done (2 selections)", labels)
