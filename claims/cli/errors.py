"""Every failure ends as one line on stderr and an exit code: 1 refused, 2 bad input."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from typing import Any

import typer
from typer.core import TyperGroup

from claims.errors import (
    STORE_BUSY,
    AlreadyRegistered,
    ConflictError,
    NotPermitted,
    StoreBusy,
    StoreDisconnected,
    StoreUnavailable,
)
from claims.printable import printable, printable_lines
from claims.storage.failures import is_store_error
from domain.errors import InvalidInput, NotFound, RuleViolation

OK = 0
REFUSED = 1
BAD_INPUT = 2

_REFUSALS = (
    RuleViolation,
    ConflictError,
    AlreadyRegistered,
    StoreBusy,
    StoreDisconnected,
    NotPermitted,
)
_BAD_INPUTS = (InvalidInput, NotFound, StoreUnavailable)


def classify(exc: BaseException) -> tuple[int, str]:
    """The exit code and the one-line message for an exception a command raised."""
    if isinstance(exc, _REFUSALS):
        return REFUSED, str(exc)
    if isinstance(exc, _BAD_INPUTS):
        return BAD_INPUT, str(exc)
    if isinstance(exc, UnicodeDecodeError):
        return BAD_INPUT, f"input is not UTF-8 text ({exc.reason} at byte {exc.start})"
    if isinstance(exc, UnicodeEncodeError):
        # Undecodable bytes in an argument reach Python as lone surrogates.
        return BAD_INPUT, "an argument is not valid UTF-8 text"
    if is_store_error(exc):
        return _store_failure(exc)
    if isinstance(exc, OSError):
        return BAD_INPUT, f"{exc.strerror or exc}: {exc.filename or ''}".rstrip(": ")
    return REFUSED, f"internal error: {type(exc).__name__}: {exc} (CLAIMS_DEBUG=1 shows more)"


def _store_failure(exc: BaseException) -> tuple[int, str]:
    """A driver's or the library's error, classified by its type (`claims.storage.failures`):
    busy, denied and disconnected are refusals (1), the store being as it is."""
    from claims.storage.failures import is_busy, is_denied, is_disconnected

    text = " ".join(str(exc).split()) or type(exc).__name__
    if is_busy(exc):
        return REFUSED, STORE_BUSY
    if is_denied(exc):
        return REFUSED, f"the store refused this role: {text}"
    if is_disconnected(exc):
        return REFUSED, f"lost the connection to the event store; try again: {text}"
    return BAD_INPUT, f"cannot use the event store: {text}"


class ErrorMappingGroup(TyperGroup):
    """Runs the command tree and turns any failure into one stderr line and a code."""

    def main(  # type: ignore[override]
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        try:
            result = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
            code = result if isinstance(result, int) else OK
        except typer.TyperException as exc:
            # Click's usage errors: a missing option, a bad value, an unknown command.
            code = int(getattr(exc, "exit_code", BAD_INPUT))
            typer.echo(printable_lines(_usage_line(exc)), err=True)
        except typer.Abort:
            code = REFUSED
            typer.echo("claims: aborted", err=True)
        except Exception as exc:
            if os.environ.get("CLAIMS_DEBUG"):
                raise
            code, message = classify(exc)
            typer.echo(printable(f"claims: {message}"), err=True)
        if standalone_mode:
            sys.exit(code)
        return code


def _usage_line(exc: typer.TyperException) -> str:
    ctx = getattr(exc, "ctx", None)
    message = str(exc.format_message()) if hasattr(exc, "format_message") else str(exc)
    # Typer checks choices with pydantic, whose messages start with its own label.
    message = message.replace("Value error, ", "")
    if type(exc).__name__ == "NoArgsIsHelpError":
        return message  # the help text itself, asked for by giving no arguments
    where = ctx.command_path if ctx is not None else "claims"
    return f"{where}: {message}"
