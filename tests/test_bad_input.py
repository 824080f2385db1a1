"""Bad input tried as a new user would, through the real `kg` command: each gives one
clear line naming the file and the problem, a non-zero exit, no traceback, and no
partial or temporary file."""
from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import SEED

KG = [sys.executable, "-m", "kg"]


def run(*args, cwd=None):
    return subprocess.run([*KG, *map(str, args)], capture_output=True, text=True, cwd=cwd, timeout=300)


def leftovers(out: Path) -> list[str]:
    return sorted(p.name for p in out.rglob("*") if p.name.endswith(".tmp") or p.name.startswith(".tmp"))


def assert_one_clear_line(r, *words):
    assert r.returncode != 0
    assert "Traceback" not in r.stderr and "Error:" not in r.stderr.replace("kg: ", "")
    lines = [line for line in r.stderr.splitlines() if line.strip()]
    hits = [line for line in lines if all(w in line for w in words)]
    assert len(hits) == 1, r.stderr


BAD = {
    "empty.txt": (b"", "file is empty"),
    "binary.txt": (bytes(range(256)) * 40, "binary file"),
    "english.txt": (b"This is a README, not a report.\n" * 20, "no Chinese text"),
    "novel.txt": ("第一章\n他走进了山林，天色渐暗，远处传来钟声。\n".encode() * 20, "does not look like a government work report"),
    "garbled.txt": (b"\x81\x30" * 10 + b"\xff\xfe\xfa\xfb" * 200, "cannot decode"),
    "old.doc": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, ".doc format is not supported"),
    "broken.pdf": (b"%PDF-1.7\n1 0 obj <<>> endobj\n", "PDF"),
    "broken.docx": (b"PK\x03\x04 not really a zip", "Word"),
}


@pytest.mark.parametrize("name", sorted(BAD))
def test_bad_file(tmp_path, name):
    data, problem = BAD[name]
    f = tmp_path / name
    f.write_bytes(data)
    out = tmp_path / "out"
    r = run("build", f, "-o", out)
    assert_one_clear_line(r, str(f), problem)
    assert not out.exists() or not [p for p in out.iterdir() if p.suffix in (".ttl", ".html")]
    assert not out.exists() or leftovers(out) == []


def test_100_mb_file_is_refused_without_reading_it(tmp_path):
    f = tmp_path / "huge.txt"
    with open(f, "wb") as fh:
        fh.write(SEED.read_bytes())
        fh.truncate(100 * 2**20)
    t0 = time.perf_counter()
    r = run("build", f, "-o", tmp_path / "out")
    assert_one_clear_line(r, str(f), "too large")
    assert time.perf_counter() - t0 < 60


def test_undecodable_file_named_txt(tmp_path):
    f = tmp_path / "latin1.txt"
    f.write_bytes("Rapport annuel - données économiques".encode("latin-1") * 30 + b"\xff" * 50)
    r = run("build", f, "-o", tmp_path / "out")
    assert_one_clear_line(r, str(f))


def test_output_folder_below_a_file(tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    out = blocker / "out"
    r = run("build", SEED, "-o", out)
    assert_one_clear_line(r, str(out), "is a file")
    assert blocker.read_text() == "x"


def test_folder_build_builds_the_good_and_lists_the_bad(tmp_path):
    src = tmp_path / "reports"
    src.mkdir()
    (src / "good.txt").write_bytes(SEED.read_bytes())
    (src / "empty.txt").write_bytes(b"")
    (src / "english.txt").write_bytes(b"not a report\n" * 10)
    out = tmp_path / "out"
    r = run("build", src, "-o", out, "--no-corpus")
    assert r.returncode != 0 and "Traceback" not in r.stderr
    assert (out / "good.ttl").is_file() and (out / "good.html").is_file()
    assert not (out / "empty.ttl").exists() and not (out / "english.ttl").exists()
    failed = [line for line in r.stderr.splitlines() if "failed" in line]
    assert len(failed) == 2 and any("empty.txt" in f for f in failed) and any("english.txt" in f for f in failed)
    assert r.stdout.strip().startswith("good:")
    assert leftovers(out) == []


def test_ctrl_c_stops_cleanly(tmp_path):
    src = tmp_path / "reports"
    src.mkdir()
    for i in range(40):
        (src / f"r{i:02d}.txt").write_bytes(SEED.read_bytes())
    out = tmp_path / "out"
    p = subprocess.Popen([*KG, "build", str(src), "-o", str(out), "-j", "1", "--no-corpus"],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.time() + 120
    while time.time() < deadline and not (out.is_dir() and any(out.glob("*.ttl"))):
        time.sleep(0.05)
    assert p.poll() is None, "the build finished before it could be interrupted"
    p.send_signal(signal.SIGINT)
    stdout, stderr = p.communicate(timeout=120)
    assert p.returncode != 0
    assert "Traceback" not in stderr and "interrupted" in stderr
    assert len([line for line in stderr.splitlines() if line.strip()]) == 1, stderr
    assert leftovers(out) == []
    import rdflib
    for ttl in out.glob("*.ttl"):                       # every file written is complete
        rdflib.Graph().parse(ttl, format="turtle")
    built = {p.stem for p in out.glob("*.ttl")}
    assert len(built) < 40
    assert built == {p.stem for p in out.glob("*.html")} or len(built - {p.stem for p in out.glob("*.html")}) <= 1
