"""One run of ``netcli explore``, from the answers to the saved summary.

The answers come from ``-a`` and ``--answers``, or from the wizard in a terminal; the engine turns
them into the options; in a terminal the person then reads them in the results browser (and may
start again); otherwise the view draws them once, and the wizard offers to save the summary. The
summary is written whatever happens to stdout. The command parses its options into ``Options``,
calls ``run`` with the Env, the knowledge base and the view, and gets back an ``Explored``.

The prompts, the browser and the summary are loaded only when a run needs them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from netcli.env import Env, terminal_restored
from netcli.errors import NetcliError, UsageError
from netcli.explore import answers as ans
from netcli.explore.engine import known
from netcli.explore.reflection import OWN_WORDS, keys, reflect, split
from netcli.explore.result import Result, assemble

if TYPE_CHECKING:
    from netcli.knowledge import model as m
    from netcli.knowledge.index import KB

NO_TERMINAL = "explore asks its questions in a terminal, and there is none here."
DUMB_TERMINAL = (
    "explore draws its questions with cursor moves, which this terminal (TERM={term}) cannot show."
)
NO_TERMINAL_HINT = (
    "Give the answers with -a KEY=VALUE (repeatable) or --answers FILE; see: netcli explore --help"
)


@dataclass(frozen=True)
class Options:
    """What the command line asked of ``explore``."""

    pairs: list[str] | None = None  # -a KEY=VALUE, as given; None when there was no -a
    answers_file: Path | None = None  # --answers
    report: Path | None = None  # --report
    force: bool = False  # --force: --report may replace a file
    as_json: bool = False  # --json: no results browser
    listed_all: bool = False  # --all: list the options for another kind or site of tumour too
    inputs: list[Path] = field(default_factory=list)  # files read, which a summary never replaces

    @property
    def asked(self) -> bool:
        """Whether the wizard asks the questions: no answers were given."""
        return self.pairs is None and self.answers_file is None


@dataclass
class Explored:
    """What a run came to: the options last shown, the knowledge base they were drawn from, where
    the summary was saved (if it was), and whether the person left from the results browser."""

    result: Result
    full: m.KnowledgeBase
    saved: Path | None = None
    browsed: bool = False


def check(options: Options) -> None:
    """Refuse, before any work, a --report that cannot be written: a folder, an input file, or a
    file that exists without --force."""
    if options.report is not None:
        from netcli.explore import saving

        saving.check(options.report, options.inputs, options.force)


def run(env: Env, kb: KB, options: Options, view: Callable[[Result], None]) -> Explored:
    """Explore once: ask or read the answers, find the options, show them (the results browser in
    a terminal, else ``view``), and save the summary where asked to."""
    questions = kb.all("questions")
    step = kb.meta.reflection
    given: dict[str, list[str]] = {}
    if options.answers_file is not None:
        given.update(ans.read_file(options.answers_file, whole=[OWN_WORDS]))
    given.update(ans.parse_pairs(options.pairs or [], whole=[OWN_WORDS]))
    if options.asked and not env.stdin_isatty:
        raise UsageError(NO_TERMINAL, hint=NO_TERMINAL_HINT)
    if options.asked and env.dumb:  # it would get hundreds of escape sequences, shown raw
        raise UsageError(DUMB_TERMINAL.format(term=env.term), hint=NO_TERMINAL_HINT)
    # The results browser: after the questions, in a terminal, when the view goes to the screen.
    browsing = options.asked and not options.as_json and env.stdout_isatty
    saved_once = False
    while True:
        if options.asked:
            # Asked before the rest of the knowledge base is read.
            given = ask(env, questions, kb.meta.disclaimer, step)
        given, last_step = split(given, step)
        answers = ans.check(given, questions, also=keys(step))
        # Without questions or a summary, nothing reads the topics, the glossary or the
        # questions to ask: they are left unread. With one, the glossary is read once the
        # result is known: only the terms its summary may use.
        summary = options.asked or options.report is not None
        unused = {"topics"} if summary else {"topics", "glossary", "ask"}
        aside: list[m.SetAside] = []
        if options.listed_all:
            full = kb.knowledge_base(skip=unused)
        else:
            # Only what can apply is read: the options for another kind or site of tumour are
            # counted from the cache's index, their records left undecoded.
            full, aside = kb.situation(known(answers, questions), skip=unused | {"glossary"})
        # Assembled once, the last step included, so that every source it cites is numbered.
        result = assemble(
            full,
            answers,
            env.today,
            reflect(last_step, step),
            count_others=not options.listed_all,
            set_aside=aside,
        )
        if summary and not options.listed_all:
            from netcli.explore.summary import glossary_wanted

            full = kb.explained(full, *glossary_wanted(full, result))
        if not browsing:
            break
        from netcli.explore.browser import AGAIN, browse, draw

        draw(result, env)
        explored = Explored(result, full, browsed=True)
        if options.report is not None:
            # After Start again, the file this run saved is its own to replace.
            replace = options.force or saved_once
            explored.saved = save(env, explored, options.report, options.inputs, replace)
            saved_once = True
        with terminal_restored(env):
            if browse(kb, full, result, env, options.inputs) != AGAIN:
                return explored
    explored = Explored(result, full)
    report = options.report
    try:
        view(result)
    except (OSError, NetcliError, SystemExit):
        # The report is written whatever happened to stdout: full, closed, or a pipe that
        # stopped reading (rich turns that into SystemExit).
        if report is not None:
            save(env, explored, report, options.inputs, options.force)
        raise
    replace = options.force
    if report is None and options.asked:
        report, replace = offer_report(env, options.inputs) or (None, False)
    if report is not None:
        explored.saved = save(env, explored, report, options.inputs, replace)
    return explored


def ask(env: Env, questions: list[m.Question], disclaimer: str, step: Any) -> dict[str, list[str]]:
    """The wizard, with the terminal put back as it was if a signal ends it."""
    import gc

    from netcli.explore import wizard

    # A person may keep the questions and the results open a long time: collect cycles again,
    # leaving what the start made (imports, the knowledge base's records) out of every pass.
    gc.freeze()
    gc.enable()

    with terminal_restored(env):
        return wizard.run(questions, disclaimer, reflection=step, env=env)


def save(env: Env, explored: Explored, report: Path, inputs: list[Path], replace: bool) -> Path:
    """Write the summary; what is at ``report`` is replaced only when ``replace`` (--force, or
    the person's yes), and a link there never followed."""
    from netcli.explore import saving

    saving.write(explored.full, explored.result, env.today, report, inputs, replace)
    env.stderr.write(f"Saved the summary to {saving.full_path(report)}\n")
    return report


def offer_report(env: Env, inputs: list[Path]) -> tuple[Path, bool] | None:
    """The wizard's last screen: offer to save the summary for the appointment, and where; a file
    that exists is replaced only when the person says so, and a link, a folder or an input file
    never (they are asked again)."""
    from netcli.explore import prompts, saving

    with terminal_restored(env):
        while True:
            name = prompts.offer_report(env, saving.default_name(env.today))
            if not name:
                return None
            placed = saving.place(name, inputs, lambda line: env.stderr.write(f"{line}\n"), env)
            if placed is not None:
                return placed
