"""Running efop in other processes (workers, commands), on a database they can reach."""

import subprocess
import sys

EFOP = [sys.executable, "-m", "efop.cli"]


def efop(env, *args, **kwargs):
    return subprocess.run([*EFOP, *args], env=env, check=True, capture_output=True, text=True, **kwargs)


def shell(env, script: str) -> str:
    return efop(env, "shell", "-v0", "-c", script).stdout.strip()
