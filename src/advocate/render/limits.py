"""Limits on templates from a user's folder: time, memory, output size and the size of any value.

In: a Jinja template whose environment is a ``LimitedSandbox`` (every template from a folder other
than the project's) and its context. Out: the rendered text, or a ``TemplateLimitError`` (a Jinja
``TemplateError``, which the renderers turn into an ``AdvocateError`` naming the template) as soon
as the template

- runs for more than ``MAX_SECONDS`` (a loop that never ends, nested loops, runaway recursion);
- grows the process's resident memory by more than ``MAX_MEMORY_BYTES``;
- writes more than ``MAX_OUTPUT_CHARS`` characters;
- makes any one value longer than ``MAX_VALUE_LENGTH`` (text or a list) or any number longer than
  ``MAX_INT_BITS`` bits: ``*``, ``**``, ``+``, ``%`` and ``~`` check their operands *before*
  computing, and so do filters and methods (``center``, ``indent``, ``replace``, ``join``,
  ``ljust``...), so one step can never allocate more than about ``MAX_VALUE_LENGTH`` characters.

Time and memory are watched by a trace function installed (``sys.settrace``, this thread only) just
while a user's template renders: it looks at the clock on every line the template runs and every
function call it makes, and at the resident memory (``/proc/self/statm``) every few events. The
project's own templates are not sandboxed and pay nothing. Other errors a template can raise while
running (division by zero, a bad argument) become ``TemplateLimitError`` too, so nothing a
template does shows a traceback.
"""

from __future__ import annotations

import functools
import math
import os
import re
import sys
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from types import FrameType
from typing import Any

import jinja2
from jinja2.compiler import CodeGenerator, Frame
from jinja2.nodes import Concat
from jinja2.sandbox import ImmutableSandboxedEnvironment

MAX_SECONDS = 10.0
"""Wall-clock time one render of a user's template may take."""
MAX_MEMORY_BYTES = 256 * 1024 * 1024
"""How much one render of a user's template may grow the process's resident memory."""
MAX_OUTPUT_CHARS = 16_000_000
"""The most characters one user template may write (a 200-point briefing writes about 1.5 million)."""
MAX_VALUE_LENGTH = 4_000_000
"""The longest text or list one operation in a user's template may produce."""
MAX_INT_BITS = 100_000
"""The largest number (in bits, about 30,000 digits) one operation may produce."""

_MEMORY_EVERY = 8
"""Resident memory is read on every 8th trace event (a read costs about a microsecond)."""
_RUNTIME_ERRORS = (ArithmeticError, RecursionError, MemoryError, TypeError, ValueError, LookupError)
"""What a running template can raise besides Jinja's own errors."""
_SIZED = (str, bytes, list, tuple, dict, set, frozenset)


class TemplateLimitError(jinja2.TemplateError):
    """A user's template went past a limit, or failed while running."""


class LimitedSandbox(ImmutableSandboxedEnvironment):
    """Jinja's immutable sandbox, with every operation that can grow a value bounded.

    Call ``limit_filters`` once the filters are registered; render with ``render_limited``."""

    intercepted_binops = frozenset({"*", "**", "+", "%"})

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self.code_generator_class = _BoundedConcat
        self.globals.pop("lipsum", None)  # generates text for a loop count; nothing needs it
        self.concat_bounded = _bounded

    def call_binop(self, context: jinja2.runtime.Context, operator: str, left: Any, right: Any) -> Any:
        _check_binop(operator, left, right)
        return _bounded(super().call_binop(context, operator, left, right))

    def call(__self, __context: jinja2.runtime.Context, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        _check_call(__obj, getattr(__obj, "__self__", None), args, kwargs)
        return _bounded(super().call(__context, __obj, *args, **kwargs))

    def limit_filters(self) -> None:
        """Bound every filter registered so far (Jinja's and the project's)."""
        self.filters = {name: _limited_filter(name, f) for name, f in self.filters.items()}


def render_limited(template: jinja2.Template, context: Mapping[str, Any]) -> str:
    """``template.render(context)``, within the limits when its environment is a ``LimitedSandbox``."""
    if not isinstance(template.environment, LimitedSandbox):
        return template.render(context)
    chunks: list[str] = []
    written = 0
    try:
        with _watch(template.environment):
            for chunk in template.generate(context):
                written += len(chunk)
                if written > MAX_OUTPUT_CHARS:
                    raise TemplateLimitError(f"template wrote more than {MAX_OUTPUT_CHARS:,} characters")
                chunks.append(chunk)
    except _RUNTIME_ERRORS as exc:
        what = "ran out of memory" if isinstance(exc, MemoryError) else f"{type(exc).__name__}: {exc}"
        error = TemplateLimitError(f"template failed while running: {what}")
        raise error.with_traceback(exc.__traceback__) from exc
    return "".join(chunks)


# --- Time and memory ------------------------------------------------------------------------------


@contextmanager
def _watch(env: jinja2.Environment) -> Iterator[None]:
    """Trace this thread while a template renders, stopping it past the time or memory limit."""
    watch = _Watch(env)
    previous = sys.gettrace()
    sys.settrace(watch.on_call)
    try:
        yield
    finally:
        sys.settrace(previous)
        watch.close()


class _Watch:
    def __init__(self, env: jinja2.Environment) -> None:
        self.env = env
        self.deadline = time.monotonic() + MAX_SECONDS
        self.events = 0
        try:
            self.statm: int | None = os.open("/proc/self/statm", os.O_RDONLY)
        except OSError:
            self.statm = None  # not Linux: time and sizes are still limited
        self.page = os.sysconf("SC_PAGE_SIZE") if self.statm is not None else 0
        self.start = self.resident()

    def resident(self) -> int:
        return int(os.pread(self.statm, 64, 0).split()[1]) * self.page if self.statm is not None else 0

    def close(self) -> None:
        if self.statm is not None:
            os.close(self.statm)

    def on_call(self, frame: FrameType, event: str, arg: Any) -> Any:
        """Every function call (including each resumption of a generator); template code is also
        traced line by line, so an empty loop is still seen going round."""
        self.check()
        return self.on_line if frame.f_globals.get("environment") is self.env else None

    def on_line(self, frame: FrameType, event: str, arg: Any) -> Any:
        self.check()
        return self.on_line

    def check(self) -> None:
        if time.monotonic() > self.deadline:
            raise TemplateLimitError(f"template ran for more than {MAX_SECONDS:g} seconds")
        self.events += 1
        if self.events % _MEMORY_EVERY == 0 and self.resident() - self.start > MAX_MEMORY_BYTES:
            raise TemplateLimitError(f"template used more than {MAX_MEMORY_BYTES // 2**20} MB of memory")


# --- Sizes ----------------------------------------------------------------------------------------


class _BoundedConcat(CodeGenerator):
    """Compiles ``a ~ b`` so that its result is checked like every other operation's."""

    def visit_Concat(self, node: Concat, frame: Frame) -> None:
        self.write("environment.concat_bounded(")
        super().visit_Concat(node, frame)
        self.write(")")


def _too_long(length: float, what: str = "a value") -> TemplateLimitError:
    return TemplateLimitError(
        f"template would make {what} of {length:,.0f} items (limit {MAX_VALUE_LENGTH:,})"
    )


def _bounded(value: Any) -> Any:
    """``value``, refused when it is longer (or a larger number) than the limits allow."""
    if isinstance(value, _SIZED) and len(value) > MAX_VALUE_LENGTH:
        raise _too_long(len(value))
    if isinstance(value, int) and value.bit_length() > MAX_INT_BITS:
        raise TemplateLimitError(f"template would make a number of more than {MAX_INT_BITS:,} bits")
    return value


def _length(value: Any) -> int:
    return len(value) if isinstance(value, _SIZED) else len(str(value))


def _bits(value: Any) -> float:
    return float(abs(value).bit_length()) if isinstance(value, int) else 64.0


def _check_binop(operator: str, left: Any, right: Any) -> None:
    """Refuse an operation whose result would pass a limit, before computing it."""
    numbers = isinstance(left, int | float) and isinstance(right, int | float)
    if operator == "*" and numbers:
        if _bits(left) + _bits(right) > MAX_INT_BITS:
            raise TemplateLimitError(f"template would make a number of more than {MAX_INT_BITS:,} bits")
    elif operator == "*":
        count = right if isinstance(left, _SIZED) else left
        sized = left if isinstance(left, _SIZED) else right
        if isinstance(count, int) and isinstance(sized, _SIZED) and len(sized) * count > MAX_VALUE_LENGTH:
            raise _too_long(len(sized) * count)
    elif operator == "**" and numbers and abs(left) > 1:
        if abs(right) * math.log2(abs(left)) > MAX_INT_BITS:
            raise TemplateLimitError(f"template would make a number of more than {MAX_INT_BITS:,} bits")
    elif operator == "+" and isinstance(left, _SIZED) and isinstance(right, _SIZED):
        if len(left) + len(right) > MAX_VALUE_LENGTH:
            raise _too_long(len(left) + len(right))
    elif operator == "%" and isinstance(left, str):
        _check_format(left, right if isinstance(right, tuple) else (right,))


_FORMAT_WIDTH = re.compile(r"%[-#0 +]*(\d+|\*)?(?:\.(\d+|\*))?")


def _check_format(template: str, args: tuple[Any, ...]) -> None:
    """``template % args`` may not pad a value wider than the limit (``%999999999s``, ``%*s``)."""
    numbers = [a for a in args if isinstance(a, int)]
    for match in _FORMAT_WIDTH.finditer(template):
        for width in match.groups():
            if width == "*" and any(abs(n) > MAX_VALUE_LENGTH for n in numbers):
                raise _too_long(max(abs(n) for n in numbers), "a padded value")
            if width and width != "*" and int(width) > MAX_VALUE_LENGTH:
                raise _too_long(int(width), "a padded value")


def _check_arguments(args: tuple[Any, ...], kwargs: Mapping[str, Any]) -> None:
    """No width or count argument may ask for more than the limit (``center(10**9)``)."""
    for value in (*args, *kwargs.values()):
        if isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_VALUE_LENGTH:
            raise _too_long(abs(value))


def _check_call(function: Any, bound_to: Any, args: tuple[Any, ...], kwargs: Mapping[str, Any]) -> None:
    """Before a function or method runs: its size arguments, and what ``str`` methods that can
    multiply a text's length (``replace``, ``join``, ``expandtabs``) would make."""
    _check_arguments(args, kwargs)
    grows = _GROWS.get(getattr(function, "__name__", ""))
    if isinstance(bound_to, str) and grows is not None:
        _check_size(grows(bound_to, list(args), kwargs))


def _check_size(size: int | None) -> None:
    if size is not None and size > MAX_VALUE_LENGTH:
        raise _too_long(size)


def _replace_size(text: Any, args: list[Any], kwargs: Mapping[str, Any]) -> int | None:
    old, new = [*args, kwargs.get("old", ""), kwargs.get("new", "")][:2]
    if not isinstance(text, str) or not isinstance(old, str):
        return None
    count = text.count(old) if old else len(text) + 1
    return len(text) + count * max(0, _length(new) - len(old))


def _join_size(separator: Any, args: list[Any], kwargs: Mapping[str, Any]) -> int | None:
    items = args[0] if args else kwargs.get("iterable")
    if not isinstance(items, list | tuple):
        return None  # a generator: each item it makes is checked, and so is the result
    return sum(_length(i) for i in items) + max(0, len(items) - 1) * _length(separator)


def _expandtabs_size(text: Any, args: list[Any], kwargs: Mapping[str, Any]) -> int | None:
    size = args[0] if args else kwargs.get("tabsize", 8)
    return len(text) + text.count("\t") * size if isinstance(size, int) else None


def _indent_size(text: Any, args: list[Any], kwargs: Mapping[str, Any]) -> int | None:
    width = args[0] if args else kwargs.get("width", 4)
    pad = width if isinstance(width, int) else _length(width)
    return len(text) + (text.count("\n") + 1) * pad if isinstance(text, str) else None


def _join_filter_size(items: Any, args: list[Any], kwargs: Mapping[str, Any]) -> int | None:
    separator = args[0] if args else kwargs.get("d", "")
    return _join_size(separator, [items], {})


_GROWS: dict[str, Callable[[Any, list[Any], Mapping[str, Any]], int | None]] = {
    "replace": _replace_size,
    "join": _join_size,
    "expandtabs": _expandtabs_size,
}
"""``str`` methods whose result can be much longer than their arguments: its size, before running."""
_FILTER_GROWS: dict[str, Callable[[Any, list[Any], Mapping[str, Any]], int | None]] = {
    "replace": _replace_size,
    "indent": _indent_size,
    "join": _join_filter_size,
}
"""Filters whose result can be much longer than their arguments (the value comes first)."""


def _limited_filter(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
    """``function`` with its arguments checked before and its result after."""
    skip = 1 if getattr(function, "jinja_pass_arg", None) is not None else 0
    grows = _FILTER_GROWS.get(name)

    @functools.wraps(function)
    def limited(*args: Any, **kwargs: Any) -> Any:
        _check_arguments(args[skip + 1 :], kwargs)
        if len(args) > skip:
            value, rest = args[skip], list(args[skip + 1 :])
            if grows is not None:
                _check_size(grows(value, rest, kwargs))
            if name == "format" and isinstance(value, str):
                _check_format(value, tuple(rest))
        return _bounded(function(*args, **kwargs))

    return limited
