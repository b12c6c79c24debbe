"""Words under a bullet hang under its text: a principle's words on a treatment card wrapped to
the card's left edge (the second line lost its two-space indent)."""

from __future__ import annotations

from tests.helpers import invoke


def test_a_principles_words_hang_under_its_name() -> None:
    result = invoke("treatment", "TACE", env={"COLUMNS": "100", "NO_COLOR": "1"})
    assert result.exit_code == 0, result.output
    lines = [line.strip("│").rstrip() for line in result.output.splitlines()]
    start = next(i for i, line in enumerate(lines) if "Principles that apply" in line)
    section = []
    for line in lines[start + 1 :]:
        if not line.strip() or line.lstrip().startswith("Part of"):
            break
        section.append(line)
    # Each line is a principle's name ("• ...") or hangs under it (two spaces more).
    loose = [line for line in section if not line.startswith((" • ", "   "))]
    assert len(section) > 4 and not loose, loose
