"""The user's configuration file: saved filter views and key remapping.

``config.toml`` in the user config folder (``~/.config/briefing/`` on Linux;
``BRIEFING_CONFIG_DIR`` overrides the folder)::

    [views]
    taiwan-npr = "topic:taiwan outlet:npr"
    lonely = "single-source -topic:flights"

    [keys]
    star = "x"            # binding id = key(s), comma-separated
    next_statement = "j,down,ctrl+n"

A mistake gives one line naming the file and the line. Saving a view rewrites the file atomically,
keeping the other settings.
"""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import field
from pathlib import Path

from briefing.dataclass_lite import lite_dataclass

CONFIG_FILE = "config.toml"
_KEY = re.compile(r"^[A-Za-z0-9_+\-]+(?:,[A-Za-z0-9_+\-]+)*$")
_VIEW_NAME = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.\-]*$")


class ConfigError(ValueError):
    """A configuration mistake, as one line naming the file and line."""


def config_dir() -> Path:
    override = os.environ.get("BRIEFING_CONFIG_DIR")
    if override:
        return Path(override)
    import platformdirs  # noqa: PLC0415

    return Path(platformdirs.user_config_dir("briefing", appauthor=False))


def config_path() -> Path:
    return config_dir() / CONFIG_FILE


@lite_dataclass(frozen=False)
class Config:
    """The user's configuration file: saved filter views and key bindings."""

    views: dict[str, str] = field(default_factory=dict)
    keys: dict[str, str] = field(default_factory=dict)
    path: Path | None = None


def _line_of(text: str, needle: str) -> int:
    """The line that sets ``needle`` (``name = …``) or opens the table ``[needle]`` (0: not found)."""
    for n, line in enumerate(text.splitlines(), start=1):
        if re.match(rf"^\s*[\"']?{re.escape(needle)}[\"']?\s*=", line) or \
                re.match(rf"^\s*\[\s*{re.escape(needle)}\s*\]", line):
            return n
    return 0


def load_config(path: str | os.PathLike | None = None, *, binding_ids: set[str] | None = None) -> Config:
    """Read the configuration (a missing file is an empty configuration).

    ``binding_ids`` are the ids the app knows; a ``[keys]`` entry naming another is an error.
    """
    p = Path(path) if path is not None else config_path()
    if not p.exists():
        return Config(path=p)
    try:
        text = p.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{p}: cannot read the configuration: {exc}") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{p}: {exc}") from None  # tomllib names the line and column
    unknown = sorted(set(data) - {"views", "keys"})
    if unknown:
        raise ConfigError(f"{p} line {_line_of(text, unknown[0])}: "
                          f"unknown section or setting {unknown[0]!r} (known: [views], [keys])")
    views, keys = data.get("views", {}), data.get("keys", {})
    for section, table in (("views", views), ("keys", keys)):
        if not isinstance(table, dict):
            raise ConfigError(f"{p} line {_line_of(text, section)}: {section} must be a table ([{section}])")
    for name, value in views.items():
        if not isinstance(value, str):
            raise ConfigError(f"{p} line {_line_of(text, name)}: view {name!r} must be a filter in quotes")
        from briefing.filters import FilterError, parse  # noqa: PLC0415

        try:
            parse(value)
        except FilterError as exc:
            raise ConfigError(f"{p} line {_line_of(text, name)}: view {name!r}: {exc}") from None
    for binding, value in keys.items():
        line = _line_of(text, binding)
        if binding_ids is not None and binding not in binding_ids:
            raise ConfigError(f"{p} line {line}: unknown binding id {binding!r} "
                              f"(ids: {', '.join(sorted(binding_ids))})")
        if not isinstance(value, str) or not _KEY.match(value.replace(" ", "")):
            raise ConfigError(f"{p} line {line}: keys for {binding!r} must be a string such as \"x\" or \"j,down\"")
    return Config(views=dict(views), keys={k: v.replace(" ", "") for k, v in keys.items()}, path=p)


def _toml_string(value: str) -> str:
    import json  # noqa: PLC0415 - only when a view is saved

    return json.dumps(value, ensure_ascii=False)  # a JSON string is a valid TOML basic string


def render_config(config: Config) -> str:
    lines = ["# briefing configuration: saved views (filters) and key remapping", ""]
    lines.append("[views]")
    for name, value in config.views.items():
        lines.append(f"{_toml_string(name)} = {_toml_string(value)}")
    lines += ["", "[keys]"]
    for binding, value in config.keys.items():
        lines.append(f"{_toml_string(binding)} = {_toml_string(value)}")
    return "\n".join(lines) + "\n"


def save_view(name: str, query: str, path: str | os.PathLike | None = None) -> Path:
    """Add or replace a named view in the configuration file (written atomically)."""
    if not _VIEW_NAME.match(name):
        raise ConfigError(f"a view name is letters, digits, '-', '_' or '.' (not {name!r})")
    from briefing.export.atomic import write_atomic  # noqa: PLC0415
    from briefing.filters import parse  # noqa: PLC0415

    parse(query)
    config = load_config(path)
    config.views[name] = query
    target = config.path or config_path()
    target.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(target, render_config(config), force=True)
    return target
