"""The app's small user config (theme), under ``$XDG_CONFIG_HOME/newsdesk/`` or ``~/.config/newsdesk/``,
and its cache folder."""

from __future__ import annotations

import os
import tomllib
from pathlib import Path
from typing import Any

import tomli_w

from newsdesk.core.folder.index import read_regular_file
from newsdesk.core.model.errors import SaveError
from newsdesk.core.write.disk import atomic_write

CONFIG_NAME = "config.toml"


def config_dir() -> Path:
    base = os.environ.get("XDG_CONFIG_HOME") or ""
    root = Path(base) if base and Path(base).is_absolute() else Path.home() / ".config"
    return root / "newsdesk"


def cache_dir() -> Path:
    """Where derived data (the folder index) is kept: ``$XDG_CACHE_HOME/newsdesk/``."""
    base = os.environ.get("XDG_CACHE_HOME") or ""
    root = Path(base) if base and Path(base).is_absolute() else Path.home() / ".cache"
    return root / "newsdesk"


def load_config(directory: Path | None = None) -> dict[str, Any]:
    path = (directory or config_dir()) / CONFIG_NAME
    raw = read_regular_file(path, 1024 * 1024)  # never a FIFO or device
    if raw is None:
        return {}
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError, RecursionError):  # nested too deeply
        return {}
    return data if isinstance(data, dict) else {}


def save_config(values: dict[str, Any], directory: Path | None = None) -> bool:
    """Merge ``values`` into the config file. Returns False (quietly) when it cannot be written."""
    folder = directory or config_dir()
    data = load_config(folder)
    data.update(values)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        atomic_write(folder / CONFIG_NAME, tomli_w.dumps(data).encode("utf-8"), own_folder=True)
    except (OSError, SaveError):
        return False
    return True
