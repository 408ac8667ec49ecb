"""A secret named in okos.toml: where it comes from, never what it is.

A secret key `x` of a table is given as `x_env` (an environment variable: preferred), `x_file` (a
file holding it) or `x` itself (plain text in okos.toml: accepted with a warning). The value is
read only when needed, so the app still opens on local data without it; its repr and str never
show it."""

from __future__ import annotations

import os
from pathlib import Path

from pydantic import ConfigDict, Field, SecretStr
from pydantic.dataclasses import dataclass

from okos_tui.config.errors import ConfigError
from okos_tui.i18n import t

SOURCES = ("_env", "_file", "")
"""The suffixes a secret key `x` may be given with, in order of preference: x_env, x_file, x."""


@dataclass(frozen=True, kw_only=True, config=ConfigDict(extra="forbid"))
class Secret:
    """Where a secret comes from: an environment variable, a file, or (discouraged) okos.toml."""

    key: str = Field(default="", description="The okos.toml key that gave it, for messages.")
    env: str = Field(default="", description="The environment variable that holds it.")
    file: Path | None = Field(default=None, description="The file that holds it.")
    value: SecretStr = Field(
        default=SecretStr(""), description="The secret itself, when written in okos.toml."
    )

    def reveal(self, config_path: Path) -> str:
        """The secret; a ConfigError naming the key (never the value) when it cannot be read."""
        if self.env:
            secret = os.environ.get(self.env, "")
            if not secret:
                raise ConfigError(
                    config_path, self.key, t("config.secret_env_missing", env=self.env)
                )
            return secret
        if self.file is not None:
            try:
                secret = self.file.read_text(encoding="utf-8").strip()
            except OSError as exc:
                problem = t("config.secret_file_unreadable", file=self.file, detail=exc.strerror)
                raise ConfigError(config_path, self.key, problem) from None
            if not secret:
                raise ConfigError(
                    config_path, self.key, t("config.secret_file_empty", file=self.file)
                )
            return secret
        value = self.value.get_secret_value()
        if not value:
            raise ConfigError(config_path, self.key, t("config.secret_missing"))
        return value
