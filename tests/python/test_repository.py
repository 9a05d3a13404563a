"""The repository names no path of the machine that built it and no file
outside itself: no absolute path under /work, /root, /home, /tmp and the
like in any file, no reference to the shared folders beside the
repository, and every relative link of a Markdown document resolves to a
file inside it. Reads the source tree, not the installed package."""
import pathlib
import re
import subprocess

import pytest

ROOT = pathlib.Path(__file__).resolve().parent.parent.parent

MACHINE_PATH = re.compile(
    r"(?<![\w.~-])/(?:work|root|home|tmp|mnt|Users|private|scratch)/")
OUTSIDE = re.compile(r"\.\./shared/|/shared/reference|\.library/")
LINK = re.compile(r"\]\(([^)\s]+)\)")


def repository_files():
    """Returns the files git tracks or would track (untracked ones that are
    not ignored), relative to the root."""
    try:
        listed = subprocess.run(
            ["git", "-C", str(ROOT), "ls-files", "--cached", "--others",
             "--exclude-standard", "-z"],
            capture_output=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        pytest.fail("the repository's files are listed by git, which failed")
    return sorted({name for name in listed.decode().split("\0") if name})


def text_of(name):
    """Returns the file's text, or None for a binary or deleted file."""
    try:
        data = (ROOT / name).read_bytes()
    except FileNotFoundError:
        return None
    if b"\0" in data:
        return None
    return data.decode("utf-8", errors="replace")


def test_no_machine_paths_and_no_files_outside():
    found = []
    files = repository_files()
    assert "README.md" in files and "dispatch/api.cc" in files
    for name in files:
        text = text_of(name)
        if text is None or name == "tests/python/test_repository.py":
            continue
        for number, line in enumerate(text.splitlines(), 1):
            for pattern in (MACHINE_PATH, OUTSIDE):
                if pattern.search(line):
                    found.append("%s:%d: %s" % (name, number, line.strip()))
    assert not found, "\n".join(found)


def test_markdown_links_resolve_inside_the_repository():
    broken = []
    for name in repository_files():
        if not name.endswith(".md"):
            continue
        text = text_of(name)
        if text is None:
            continue
        folder = (ROOT / name).parent
        for target in LINK.findall(text):
            if re.match(r"[a-z]+:", target) or target.startswith("#"):
                continue
            path = (folder / target.split("#")[0]).resolve()
            if ROOT not in path.parents and path != ROOT or not path.exists():
                broken.append("%s: %s" % (name, target))
    assert not broken, "\n".join(broken)


def test_the_checks_catch_what_they_look_for():
    assert MACHINE_PATH.search("see /work/main/build")
    assert MACHINE_PATH.search("('/tmp/x')")
    assert not MACHINE_PATH.search("/usr/include/hwy and build/tmp/x")
    assert OUTSIDE.search("../shared/reference/x.md")
    assert not OUTSIDE.search("error.library_message")
