"""Names of a package imported on first use (PEP 562), so importing the package stays fast.

``import yhdyspinta_docs`` and ``yhdyspinta-docs --help`` import no document library: each
package's ``__init__`` lists where its public names live, and a name's module is imported
only when the name is first used. Type checkers see the same names through the package's
``if TYPE_CHECKING:`` imports.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Mapping
from typing import Any

__all__ = ["lazy_exports"]


def lazy_exports(package: str, exports: Mapping[str, str]
                 ) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """The ``__getattr__`` and ``__dir__`` of `package`, whose public name → private module
    (relative to `package`) is `exports`. A name, once imported, is kept in the package."""

    def __getattr__(name: str) -> Any:
        module = exports.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(f".{module}", package), name)
        setattr(sys.modules[package], name, value)
        return value

    def __dir__() -> list[str]:
        return list(sys.modules[package].__all__)

    return __getattr__, __dir__
