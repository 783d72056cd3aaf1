"""Regular expressions a district supplies, run by RE2: time linear in the draft, always.

A pattern from the policy file (`student_id_pattern`, the `regex` of a `[[rules.add]]` rule)
is written by whoever manages the policy, not by us, and Python's backtracking engine can take
exponential time on patterns such as `(a+)+$`: one such pattern would hang every check. RE2
never backtracks; what it cannot express (look-around, back-references) is refused with a
clear message instead, and the configuration loader names the file, line and key. The rule
pack's own patterns stay on Python's `re`: they are ours and tested.

`re2` (google-re2) is imported only when a district pattern is compiled.
"""

from __future__ import annotations

from typing import Any

#: RE2's memory budget for one compiled pattern; a bigger program is refused, never slow.
MAX_PROGRAM_BYTES = 8 << 20


class DistrictRegexError(ValueError):
    """A district pattern RE2 cannot take; the message says why in plain words."""


def compile_district_regex(pattern: str, ignore_case: bool = False) -> Any:
    """Compile with RE2; the result has `search`, `finditer` and matches with `start`/`end`
    in code points, like `re`. Raises DistrictRegexError."""
    import re2

    options = re2.Options()
    options.log_errors = False  # the caller reports the problem; RE2 would print to stderr
    options.case_sensitive = not ignore_case
    options.max_mem = MAX_PROGRAM_BYTES
    try:
        return re2.compile(pattern, options)
    except re2.error as error:
        detail = error.args[0] if error.args else error
        if isinstance(detail, bytes):
            detail = detail.decode("utf-8", "replace")
        raise DistrictRegexError(
            f"cannot be used: {detail} (district patterns run on a linear-time engine, RE2, "
            "which has no look-around and no back-references)"
        ) from None
    except (TypeError, ValueError, OverflowError) as error:
        raise DistrictRegexError(f"cannot be used: {error}") from None
