"""Every input file is read through one bounded reader: never more than the limit, no devices or
FIFOs, ``-`` for stdin; and answers are taken only in their plain form."""

from __future__ import annotations

import os
import resource
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from netcli.cli import app
from netcli.files import InputProblem, read_limited

REPO = Path(__file__).resolve().parents[2]


def _limit_memory() -> None:  # pragma: no cover - runs in the child
    resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))


def netcli(args: list[str], cache: Path, **kwargs: object) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("NETCLI_")}
    env["NETCLI_CACHE_DIR"] = str(cache)
    kwargs.setdefault("stdin", subprocess.DEVNULL)
    return subprocess.run(  # type: ignore[call-overload, no-any-return]
        [sys.executable, "-m", "netcli", *args],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
        preexec_fn=_limit_memory,
        **kwargs,
    )


def clean(proc: subprocess.CompletedProcess[str], code: int) -> None:
    assert proc.returncode == code, proc.stderr
    assert proc.stdout == ""
    assert "Traceback" not in proc.stderr
    assert "internal error" not in proc.stderr
    assert "MemoryError" not in proc.stderr
    assert len(proc.stderr.splitlines()) <= 3, proc.stderr


# --- The reader -----------------------------------------------------------------------------------


def test_read_limited_reads_a_file(tmp_path: Path) -> None:
    path = tmp_path / "a"
    path.write_bytes(b"x" * 100)
    assert read_limited(path, 100) == b"x" * 100


@pytest.mark.parametrize("size", [101, 10_000])
def test_read_limited_refuses_a_file_over_the_limit(tmp_path: Path, size: int) -> None:
    path = tmp_path / "a"
    path.write_bytes(b"x" * size)
    with pytest.raises(InputProblem) as info:
        read_limited(path, 100)
    assert "the limit is 100" in info.value.message


def test_read_limited_reads_no_more_than_the_limit_from_an_endless_stdin(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    with open("/dev/zero", "rb") as zero:
        monkeypatch.setattr(sys, "stdin", zero)
        with pytest.raises(InputProblem) as info:
            read_limited("-", 1000)
        assert zero.tell() <= 1001 or zero.tell() == 0  # /dev/zero may not report a position
    assert "the limit is 1,000" in info.value.message


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/null", "/dev/urandom"])
def test_read_limited_refuses_devices(device: str) -> None:
    with pytest.raises(InputProblem) as info:
        read_limited(device, 1000)
    assert info.value.message == "this is a device, not a file"


def test_read_limited_refuses_a_fifo_without_waiting_for_a_writer(tmp_path: Path) -> None:
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    with pytest.raises(InputProblem) as info:
        read_limited(fifo, 1000)
    assert "pipe" in info.value.message


def test_read_limited_names_a_symbolic_link_loop(tmp_path: Path) -> None:
    loop = tmp_path / "loop.yaml"
    loop.symlink_to(loop)
    with pytest.raises(InputProblem) as info:
        read_limited(loop, 1000)
    assert "loop" in info.value.message


# --- Through the command --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (["explore", "--answers", "/dev/zero"], 2),
        (["explore", "--answers", "/dev/urandom"], 2),
        (["--kb", "/dev/zero", "drug", "octreotide"], 1),
        (["--kb", "/dev/zero", "kb", "info"], 1),
        (["kb", "validate", "/dev/zero"], 1),
    ],
    ids=lambda v: " ".join(v) if isinstance(v, list) else str(v),
)
def test_a_device_is_refused_at_once_within_a_memory_limit(
    args: list[str], code: int, tmp_path: Path
) -> None:
    proc = netcli(args, tmp_path / "cache")
    clean(proc, code)
    assert "device" in proc.stderr


def test_a_kb_over_the_limit_from_stdin_is_refused_within_a_memory_limit(tmp_path: Path) -> None:
    with open("/dev/zero", "rb") as zero:
        proc = netcli(["--kb", "-", "kb", "info"], tmp_path / "cache", stdin=zero)
    clean(proc, 1)
    assert "the limit is 20,971,520" in proc.stderr


@pytest.mark.parametrize(
    "args", [["explore", "--answers", "{fifo}"], ["--kb", "{fifo}", "drug", "octreotide"]]
)
def test_a_fifo_with_no_writer_is_refused_and_never_hangs(args: list[str], tmp_path: Path) -> None:
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    proc = netcli([a.format(fifo=fifo) for a in args], tmp_path / "cache")
    assert proc.returncode in (1, 2), proc.stderr
    assert "pipe" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_answers_dash_reads_stdin(kb_file: Path) -> None:
    result = CliRunner().invoke(
        app,
        ["--kb", str(kb_file), "explore", "--answers", "-", "--json"],
        input="kind: nec\nsite: pancreas\n",
    )
    assert result.exit_code == 0, result.stderr
    assert '"kind": "nec"' in result.stdout


def test_kb_dash_reads_stdin(kb_file: Path) -> None:
    result = CliRunner().invoke(app, ["--kb", "-", "drug", "5-FU"], input=kb_file.read_text())
    assert result.exit_code == 0, result.stderr
    assert "fluorouracil" in result.stdout


def test_a_kb_symbolic_link_loop_is_a_clear_error(
    run: Callable[..., Result], tmp_path: Path
) -> None:
    loop = tmp_path / "loop.yaml"
    loop.symlink_to(loop)
    result = run("--kb", str(loop), "drug", "octreotide")
    assert result.exit_code == 1
    assert "internal error" not in result.stderr
    assert f"{loop}: the path is a loop of symbolic links" in result.stderr


# --- Answers: duplicate keys and plain forms ------------------------------------------------------


def test_json_answers_with_a_duplicate_key_are_refused(
    run_kb: Callable[..., Result], tmp_path: Path
) -> None:
    path = tmp_path / "a.json"
    path.write_text('{"kind": "net", "site": "pancreas", "kind": "nec"}', encoding="utf-8")
    result = run_kb("explore", "--answers", str(path))
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "kind" in result.stderr
    assert "twice" in result.stderr


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("grade: 0x2\n", "0x2"),
        ("grade: 02\n", "02"),
        ("grade: +2\n", "+2"),
        ("grade: 0o2\n", "0o2"),
        ("grade: 2_0\n", "2_0"),
        ("resectable: on\n", "on"),
        ("resectable: off\n", "off"),
        ("resectable: [y]\n", "y"),
    ],
)
def test_answers_take_numbers_and_booleans_only_in_plain_form(
    run: Callable[..., Result], tmp_path: Path, text: str, value: str
) -> None:
    path = tmp_path / "a.yaml"
    path.write_text(text, encoding="utf-8")
    result = run("--kb", str(REPO / "data" / "treatments.yaml"), "explore", "--answers", str(path))
    assert result.exit_code == 2, result.stdout
    assert result.stdout == ""
    assert repr(value) in result.stderr


@pytest.mark.parametrize(
    "text",
    [
        "grade: 2\nresectable: yes\n",
        "grade: '2'\nresectable: 'yes'\n",
        "grade: 2\nresectable: true\n",
        "grade: [2]\nresectable: True\n",
    ],
)
def test_answers_in_plain_form_are_read(
    run: Callable[..., Result], tmp_path: Path, text: str
) -> None:
    path = tmp_path / "a.yaml"
    path.write_text(text, encoding="utf-8")
    result = run(
        "--kb",
        str(REPO / "data" / "treatments.yaml"),
        "explore",
        "--answers",
        str(path),
        "--json",
    )
    assert result.exit_code == 0, result.stderr
    assert '"grade": "2"' in result.stdout
    assert '"resectable": "yes"' in result.stdout


# --- Files netcli cannot read, or only writes (attack run h41, D9) --------------------------------
# click's own readability check made an unreadable --kb a usage error with click's usage text
# (exit 2; a missing one is exit 1, invalid_knowledge_base), and refused a --report it would only
# write. netcli opens the files itself and says why it cannot.


def _unreadable(monkeypatch: pytest.MonkeyPatch, *paths: Path) -> None:
    """``os.access`` says these paths cannot be read (root can read anything, so the tests that
    run as root could not make such a file otherwise)."""
    denied = {str(p) for p in paths}
    real = os.access

    def access(path: object, mode: int, *args: object, **kwargs: object) -> bool:
        if str(path) in denied and mode & os.R_OK:
            return False
        return real(path, mode, *args, **kwargs)

    monkeypatch.setattr(os, "access", access)


def test_a_report_that_is_not_readable_is_replaced_with_force(
    run_kb: Callable[..., Result], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    report = tmp_path / "summary.md"
    report.write_text("old\n", encoding="utf-8")
    _unreadable(monkeypatch, report)
    result = run_kb("explore", "-a", "site=pancreas", "--report", str(report), "--force")
    assert result.exit_code == 0, result.stderr
    assert "not readable" not in result.stderr
    assert report.read_text(encoding="utf-8") != "old\n"


@pytest.mark.parametrize("where", ["--kb", "NETCLI_KB", "kb validate"])
def test_netcli_reads_the_knowledge_base_itself(
    run: Callable[..., Result],
    kb_file: Path,
    monkeypatch: pytest.MonkeyPatch,
    where: str,
) -> None:
    _unreadable(monkeypatch, kb_file)
    if where == "--kb":
        result = run("--kb", str(kb_file), "list", "sites", "--json")
    elif where == "NETCLI_KB":
        monkeypatch.setenv("NETCLI_KB", str(kb_file))
        result = run("list", "sites", "--json")
    else:
        result = run("kb", "validate", str(kb_file), "--json")
    assert result.exit_code == 0, result.stderr  # root reads it; click no longer asks first


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root reads any file")
@pytest.mark.parametrize(
    ("args", "code", "says"),
    [
        (["--kb", "{f}", "drug", "x", "--json"], 1, "invalid_knowledge_base"),
        (["kb", "validate", "{f}", "--json"], 1, "invalid_knowledge_base"),
        (["explore", "--answers", "{f}", "--json"], 2, "usage"),
    ],
)
def test_a_file_that_cannot_be_read_says_so(
    run: Callable[..., Result], tmp_path: Path, args: list[str], code: int, says: str
) -> None:
    unreadable = tmp_path / "private.yaml"
    unreadable.write_text("site: pancreas\n", encoding="utf-8")
    unreadable.chmod(0)
    result = run(*(a.format(f=unreadable) for a in args))
    assert result.exit_code == code, result.stderr
    assert f'"code": "{says}"' in result.stderr
    assert "Permission denied" in result.stderr
