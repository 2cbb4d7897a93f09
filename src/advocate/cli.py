"""The command line: each command parses its options and calls one library function.

In: ``sys.argv``. Out: text on stdout (results) and stderr (problems), and an exit status: 0 when all
went well (warnings allowed), 1 on any error in the user's input, 2 on a usage error. A user's
mistake never shows a traceback.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import os
import shlex
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from advocate import __version__
from advocate.errors import AdvocateError, Problem, listed, os_problem

Command = Callable[[argparse.Namespace], int]


def init_command(args: argparse.Namespace) -> int:
    """advocate init DIR: a new campaign folder to edit, every value a placeholder."""
    from advocate.scaffold import NEXT_COMMANDS, init_campaign

    for path in init_campaign(args.dir):
        print(f"wrote {path}")
    print(f"\nNext, in {args.dir}: replace each placeholder (start with its README.md), then run:")
    print(f"  cd {shlex.quote(str(args.dir))}")
    for command in NEXT_COMMANDS:
        print(f"  {command}")
    return 0


def check_command(args: argparse.Namespace) -> int:
    """advocate check: load the library and the briefs and report every problem."""
    from advocate.brief import check_project

    briefs = sorted(args.briefs.glob("*.yaml")) if args.briefs.is_dir() else []
    report = check_project(args.library, briefs, archive=args.archive, date=args.date)
    _print_problems(report.problems)
    counts = {
        kind: len(getattr(report.library, kind))
        for kind in ("sources", "points", "arguments", "responses", "asks", "audiences")
    }
    summary = ", ".join(f"{n} {kind}" for kind, n in counts.items())
    errors, warnings = len(report.errors), len(report.problems) - len(report.errors)
    print(f"{summary}: {errors} error(s), {warnings} warning(s)", file=sys.stderr)
    return 1 if errors else 0


def points_command(args: argparse.Namespace) -> int:
    """advocate points: a table of points, filtered."""
    from advocate.library.check import load_checked_library
    from advocate.lookup import find_points, points_table

    library = load_checked_library(args.library)
    print(points_table(find_points(library, args.topic, args.audience, args.search), library=library))
    return 0


def sources_command(args: argparse.Namespace) -> int:
    """advocate sources [ID]: sources and citation counts, or what withdrawing one would change."""
    from advocate.brief import load_briefs
    from advocate.library.check import load_checked_library
    from advocate.lookup import brief_files, impact_report, sources_table, withdrawal_impact

    library = load_checked_library(args.library)
    if args.id is None:
        print(sources_table(library))
        return 0
    paths = brief_files(args.briefs)
    briefs = load_briefs(paths, library) if paths else []
    print(impact_report(withdrawal_impact(library, args.id, briefs)))
    return 0


def build_command(args: argparse.Namespace) -> int:
    """advocate build: briefs to DOCX and PDF."""
    from advocate.build import build, default_briefs

    briefs = args.briefs or default_briefs(Path("briefs"))
    formats = [args.format] if args.format else None

    def note(line: str) -> None:
        print(f"note: {line}", file=sys.stderr)

    for path in build(briefs, args.library, args.out, formats, args.templates, report=note):
        print(f"wrote {path}")
    return 0


def letters_command(args: argparse.Namespace) -> int:
    """advocate letters: one constituent letter per row of a people file."""
    from advocate.batch import ProgressBar, batch_similarity, open_executor, parse_formats, run_letters
    from advocate.people import parse_columns

    formats = parse_formats(args.format) if args.format else None
    columns = parse_columns(args.columns) if args.columns else ()
    out = args.out or Path("output") / args.people.stem
    bar = ProgressBar(sys.stderr) if args.progress or sys.stderr.isatty() else None
    try:
        with open_executor(args.dask) as executor:
            report = run_letters(
                args.brief,
                args.people,
                out,
                formats=formats,
                workers=args.workers,
                combined=args.combined,
                executor=executor,
                library_dir=args.library,
                templates_dir=args.templates,
                progress=bar,
                columns=columns,
                warn=lambda problem: print(problem, file=sys.stderr),
            )
    finally:
        if bar is not None:
            bar.close()
    _print_problems(report.failed)
    for line in report.notes:
        print(f"note: {line}", file=sys.stderr)
    note = report.unverified_note()
    if note:
        print(f"note: {note}", file=sys.stderr)
    print(f"{report.summary()}; manifest: {report.manifest}")
    if report.combined is not None:
        print(f"combined PDF: {report.combined}")
    if args.similarity:
        similar = batch_similarity(args.brief, args.people, args.library, args.templates, columns=columns)
        for line in similar.report():
            print(line)
    return 1 if report.failed else 0


def import_command(args: argparse.Namespace) -> int:
    """advocate import: add the references of exported files to the library's sources."""
    from advocate.library.importer import import_files

    report = import_files(args.files, args.library, args.into)
    for line in report.added:
        print(line)
    for line in report.skipped:
        print(line)
    where = f" to {report.into}" if report.into else ""
    print(f"{len(report.added)} added{where}, {len(report.skipped)} skipped")
    return 0


def serve_command(args: argparse.Namespace) -> int:
    """advocate serve: the web app for constituents and staff."""
    from advocate.web import Settings, serve

    settings = Settings(
        library_dir=args.library,
        briefs_dir=args.briefs,
        data_dir=args.data,
        templates_dir=args.templates,
        workers=args.workers,
        queue=args.queue,
    )
    serve(settings, args.host, args.port)
    return 0


def make_parser() -> argparse.ArgumentParser:
    """The argument parser for every command."""
    parser = argparse.ArgumentParser(
        prog="advocate", description=__doc__.splitlines()[0] if __doc__ else None
    )
    parser.add_argument("--version", action="version", version=f"advocate {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    init = commands.add_parser(
        "init", help="start a new campaign folder", description="start a new campaign folder"
    )
    init.add_argument("dir", type=Path, metavar="DIR", help="a new or empty folder for the campaign")
    init.set_defaults(run=init_command)

    check = _command(commands, "check", check_command, "check the library and report every problem")
    check.add_argument(
        "--archive", type=Path, help="folder of <source-id>.txt snapshots to check quotes against"
    )
    check.add_argument(
        "--briefs", type=Path, default=Path("briefs"), help="briefs to check too (default: briefs)"
    )
    check.add_argument(
        "--date",
        type=_date,
        metavar="YYYY-MM-DD",
        help="also warn of each item past its until on this date with no successor",
    )

    points = _command(commands, "points", points_command, "list talking points")
    points.add_argument("--topic", help="only points on this topic id")
    points.add_argument("--audience", help="only points serving this audience id")
    points.add_argument("--search", help="only points whose claim or text contains this")

    sources = _command(commands, "sources", sources_command, "list sources, or what cites one")
    sources.add_argument("id", nargs="?", help="a source id: show what would change if it were withdrawn")
    sources.add_argument(
        "--briefs", type=Path, default=Path("briefs"), help="folder of briefs (default: briefs)"
    )

    build = _command(commands, "build", build_command, "build briefs to DOCX and PDF")
    build.add_argument(
        "briefs", nargs="*", type=Path, metavar="BRIEF", help="brief files (default: briefs/*.yaml)"
    )
    build.add_argument("--out", type=Path, default=Path("output"), help="output folder (default: output)")
    build.add_argument("--format", choices=["docx", "pdf"], help="only this format")
    build.add_argument("--templates", type=Path, help="your templates folder, searched before the project's")

    letters = _command(commands, "letters", letters_command, "one constituent letter per row of a CSV file")
    letters.add_argument("brief", type=Path, metavar="BRIEF", help="the base brief (a constituent letter)")
    letters.add_argument(
        "--people", type=Path, required=True, metavar="FILE.csv", help="the people file, one letter per row"
    )
    letters.add_argument(
        "--columns",
        metavar='COLUMN="Header",...',
        help='the file\'s header for a column of the tool\'s, e.g. name="Full name",postcode="Post code"',
    )
    letters.add_argument("--out", type=Path, help="output folder (default: output/<people file name>)")
    letters.add_argument(
        "--format", metavar="docx,pdf", help="formats, comma-separated (default: the brief's)"
    )
    letters.add_argument(
        "--workers", type=_positive, metavar="N", help="worker processes (default: one per CPU; 1: no pool)"
    )
    letters.add_argument("--combined", action="store_true", help="also write combined.pdf of every letter")
    letters.add_argument("--dask", metavar="ADDRESS", help="run on this Dask scheduler (tcp://host:8786)")
    letters.add_argument(
        "--similarity",
        action="store_true",
        help="report how alike the letters are, per office and in all (highest and median)",
    )
    letters.add_argument("--progress", action="store_true", help="show the progress bar even when not a TTY")
    letters.add_argument(
        "--templates", type=Path, help="your templates folder, searched before the project's"
    )

    imports = _command(
        commands, "import", import_command, "add references exported from Zotero, Mendeley, pandoc..."
    )
    imports.add_argument(
        "files",
        nargs="+",
        type=Path,
        metavar="FILE",
        help="CSL JSON, CSL YAML, BibTeX/BibLaTeX (.bib) or RIS files",
    )
    imports.add_argument(
        "--into", type=Path, help="the sources file to add to (default: LIBRARY/sources/imported.yaml)"
    )

    serve = _command(
        commands, "serve", serve_command, "the web app: letters for constituents, briefings for staff"
    )
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
    serve.add_argument("--port", type=_port, default=8000, help="port to listen on (default: 8000)")
    serve.add_argument(
        "--data", type=Path, default=Path("data"), help="folder for the anonymous counts (default: data)"
    )
    serve.add_argument(
        "--briefs",
        type=Path,
        default=Path("briefs"),
        help="campaign letters and representatives.csv (default: briefs)",
    )
    serve.add_argument("--templates", type=Path, help="your templates folder, searched before the project's")
    serve.add_argument(
        "--workers",
        type=_positive,
        help="documents rendered at once, one process each (default: one per core)",
    )
    serve.add_argument(
        "--queue",
        type=_natural,
        default=8,
        help="documents that may wait for a worker; past that, 503 (default: 8)",
    )
    return parser


def _port(text: str) -> int:
    if not text.isdigit() or not 1 <= int(text) <= 65535:
        raise argparse.ArgumentTypeError(f"expected a port number from 1 to 65535, got {text!r}")
    return int(text)


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a date as YYYY-MM-DD, got {text!r}") from None


def _positive(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, got {text!r}")
    return int(text)


def _natural(text: str) -> int:
    if not text.isdigit():
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 0, got {text!r}")
    return int(text)


def _command(
    commands: argparse._SubParsersAction[argparse.ArgumentParser], name: str, run: Command, help: str
) -> argparse.ArgumentParser:
    sub = commands.add_parser(name, help=help, description=help)
    sub.add_argument(
        "--library", type=Path, default=Path("library"), help="library folder (default: library)"
    )
    sub.set_defaults(run=run)
    return sub


def _print_problems(problems: Sequence[Problem]) -> None:
    for line in listed(problems):
        print(line, file=sys.stderr)


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; user errors become messages and exit status 1."""
    args = make_parser().parse_args(argv)
    try:
        return int(args.run(args))
    except AdvocateError as exc:
        _print_problems(exc.problems)
        return 1
    except KeyboardInterrupt:
        print("interrupted; nothing half-written was left behind", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader went away (``advocate sources | head``): stop quietly, as a Unix tool killed by
        # SIGPIPE would (status 141), and point stdout at nothing so the exit flush cannot fail again.
        _silence_stdout()
        return 141
    except OSError as exc:
        # A last resort: each write names its own path and what to do; this catches any other.
        _print_problems([os_problem(exc.filename or "advocate", "finish", exc)])
        return 1


def _silence_stdout() -> None:
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, io.UnsupportedOperation):
        pass  # not a real file (a test's capture): nothing will flush to a closed pipe


if __name__ == "__main__":
    sys.exit(main())
