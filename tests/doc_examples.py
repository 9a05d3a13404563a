"""The examples of the Markdown documents, extracted and run as tests.

Every fenced block tagged c, cpp or python in the repository's Markdown
files (README.md, CONTRIBUTING.md, python/README.md, docs/*.md, ...) is an
example. A C or C++ example with a main() is compiled against the installed
package, with pkg-config's flags, and run; one without is compiled only (a
declaration must agree with the header). A Python example is run as a
script by the interpreter of the test (tests/python/test_doc_examples.py).
A ```text block that follows an example, with only blank lines between, is
what the example prints, exactly; an example without one must exit 0.

    python3 tests/doc_examples.py compiled --work-dir DIR [--mpicc MPICC]
        compiles and runs the C and C++ examples (PKG_CONFIG_PATH must find
        argmin.pc); tests/consumer/run_consumer.cmake calls it so.
    python3 tests/doc_examples.py list
        lists every example and where it is.
"""
import argparse
import os
import pathlib
import re
import shlex
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
FENCE = re.compile(r"^```(\w*)\s*$")
LANGUAGES = ("c", "cpp", "python")


class Example:
    """One example: its language, code, expected output (or None), and the
    document and line it starts at."""

    def __init__(self, language, code, path, line):
        self.language, self.code, self.path, self.line = (
            language, code, path, line)
        self.output = None

    @property
    def name(self):
        return "%s:%d" % (self.path, self.line)


def markdown_files():
    """Returns the repository's Markdown files, relative to its root, build
    directories and virtual environments left out."""
    files = []
    for path in sorted(ROOT.rglob("*.md")):
        parts = path.relative_to(ROOT).parts
        if any(p.startswith(("build", ".")) or p in ("venv", "node_modules")
               for p in parts[:-1]):
            continue
        files.append(path.relative_to(ROOT).as_posix())
    return files


def examples(files=None):
    """Returns the examples of `files` (default: every Markdown file), each
    with the text block that follows it as its output."""
    found = []
    for name in files or markdown_files():
        lines = (ROOT / name).read_text().splitlines()
        i, last, since_last = 0, None, 0
        while i < len(lines):
            match = FENCE.match(lines[i])
            if not match:
                if lines[i].strip():
                    last = None  # text between: no output block follows
                i += 1
                continue
            language, start = match.group(1), i + 1
            i += 1
            while i < len(lines) and lines[i].rstrip() != "```":
                i += 1
            body = "\n".join(lines[start:i]) + "\n"
            i += 1
            if language == "text" and last is not None:
                last.output = body
                last = None
            elif language in LANGUAGES:
                last = Example(language, body, name, start)
                found.append(last)
            else:
                last = None
    return found


def check_output(example, result):
    """Raises AssertionError unless `result` (a finished process) is the
    example's success, with its documented output if it has one."""
    if result.returncode != 0:
        raise AssertionError("%s exited %d:\n%s%s" % (
            example.name, result.returncode, result.stdout, result.stderr))
    if example.output is not None and result.stdout != example.output:
        raise AssertionError(
            "%s printed:\n%s\nwhere the document says:\n%s" % (
                example.name, result.stdout, example.output))


def run_compiled(example, work_dir, mpicc):
    """Compiles `example` (C or C++) with pkg-config's flags for argmin and,
    if it has a main(), runs it and checks its output."""
    suffix = ".c" if example.language == "c" else ".cc"
    stem = re.sub(r"\W", "_", example.name)
    source = work_dir / (stem + suffix)
    source.write_text(example.code)
    def pkg_config(*what):
        return shlex.split(subprocess.run(
            ["pkg-config"] + list(what) + ["argmin"], check=True,
            capture_output=True, text=True).stdout)
    if example.language == "c":
        compiler = [os.environ.get("CC", "cc"), "-std=c11"]
    else:
        compiler = [os.environ.get("CXX", "c++"), "-std=c++17"]
    if "argmin_mpi.h" in example.code:
        if not mpicc:
            raise AssertionError("%s needs MPI: pass --mpicc" % example.name)
        compiler = [mpicc, "-std=c11"]
    warnings = ["-Wall", "-Wextra", "-Werror"]
    has_main = re.search(r"\bint\s+main\s*\(", example.code)
    if not has_main:
        subprocess.run(compiler + warnings + pkg_config("--cflags") +
                       ["-c", str(source), "-o", str(source) + ".o"],
                       check=True)
        return
    program = work_dir / stem
    # The installed libargmin.so, where the build made one, is found by
    # its path rather than the loader's.
    rpath = "-Wl,-rpath," + pkg_config("--variable=libdir")[0]
    subprocess.run(compiler + warnings + pkg_config("--cflags") +
                   [str(source), "-o", str(program)] + pkg_config("--libs") +
                   [rpath], check=True)
    check_output(example, subprocess.run(
        [str(program)], capture_output=True, text=True, timeout=60))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("what", choices=("compiled", "list"))
    parser.add_argument("--work-dir", type=pathlib.Path)
    parser.add_argument("--mpicc", default="")
    args = parser.parse_args()
    found = examples()
    if args.what == "list":
        for example in found:
            print("%-6s %s%s" % (example.language, example.name,
                                 "" if example.output is None else
                                 " (with its output)"))
        return 0
    args.work_dir.mkdir(parents=True, exist_ok=True)
    compiled = [e for e in found if e.language in ("c", "cpp")]
    for example in compiled:
        run_compiled(example, args.work_dir, args.mpicc)
        print("ok %s (%s)" % (example.name, example.language))
    print("%d C and C++ examples compiled and run" % len(compiled))
    return 0


if __name__ == "__main__":
    sys.exit(main())
