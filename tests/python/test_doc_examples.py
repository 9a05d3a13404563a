"""Every Python example of the Markdown documents (README.md,
python/README.md, docs/*.md, ...), extracted by tests/doc_examples.py and
run as a script by this interpreter: it must exit 0 and print exactly the
```text block that follows it, where there is one. An example that imports
a module this environment lacks (torch, in the numpy 2 one) is skipped
here; ARGMIN_REQUIRE (conftest.py) makes the environment that must have it
fail instead."""
import importlib.util
import pathlib
import re
import subprocess
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parent.parent.parent
spec = importlib.util.spec_from_file_location(
    "doc_examples", ROOT / "tests" / "doc_examples.py")
doc_examples = importlib.util.module_from_spec(spec)
spec.loader.exec_module(doc_examples)

EXAMPLES = [e for e in doc_examples.examples() if e.language == "python"]


def test_the_documents_have_python_examples():
    names = {e.path for e in EXAMPLES}
    assert {"README.md", "python/README.md", "docs/semantics.md"} <= names


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda e: e.name)
def test_example(example, tmp_path):
    for module in re.findall(r"^import (\w+)", example.code, re.M):
        pytest.importorskip(module)
    result = subprocess.run([sys.executable, "-c", example.code],
                            capture_output=True, text=True, timeout=120,
                            cwd=tmp_path)
    doc_examples.check_output(example, result)
