"""The job queue's configuration (Huey, read by huey.contrib.djhuey): the embedded default is a
SQLite file in the data folder; EFOP_QUEUE_URL names Redis (redis://…) or PostgreSQL
(postgres://…, through Huey's SQL storage) for several workers on several hosts.
No Django import here: config/settings.py calls `huey_settings`."""

from pathlib import Path
from urllib.parse import urlsplit

QUEUE_NAME = "efop"


def huey_settings(url: str, data_dir: Path, *, workers: int = 2, name: str = QUEUE_NAME) -> dict:
    """`name`: the queue's name, to share one Redis or PostgreSQL between several efop instances."""
    consumer = {"workers": workers, "worker_type": "thread", "periodic": True, "check_worker_health": True}
    common = {"name": name, "immediate": False, "utc": True, "consumer": consumer}
    scheme = urlsplit(url).scheme if url else ""
    if not scheme:
        return {**common, "huey_class": "huey.SqliteHuey", "filename": str(data_dir / "file-attente.sqlite3")}
    if scheme in {"redis", "rediss"}:
        return {**common, "huey_class": "huey.RedisHuey", "url": url}
    if scheme in {"postgres", "postgresql"}:
        # peewee reaches PostgreSQL through psycopg 3, the driver efop already uses
        return {
            **common,
            "huey_class": "huey.contrib.sql_huey.SqlHuey",
            "database": "psycopg3" + url[len(scheme) :],
        }
    raise ValueError(f"EFOP_QUEUE_URL : schéma « {scheme} » inconnu (redis://… ou postgres://…).")
