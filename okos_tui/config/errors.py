"""The one exception of okos.toml: the file, the key and what is wrong with it."""

from __future__ import annotations

from pathlib import Path


class ConfigError(Exception):
    """A configuration problem, with the file and the key it concerns."""

    def __init__(self, path: Path | None, key: str, problem: str) -> None:
        self.path = path
        self.key = key
        self.problem = problem
        where = f"{path}: " if path else ""
        super().__init__(f"{where}{key}: {problem}" if key else f"{where}{problem}")
