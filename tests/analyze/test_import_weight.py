"""What each process of a run imports: the flow process hands the analysis to its budget children
without loading spaCy, and those children fill the analysis tables without loading pyarrow
(bench/RESULTS.md, issue 27: about 65 MB and 60 MB resident)."""
from __future__ import annotations

import subprocess
import sys


def _loaded_after(statement: str, modules: tuple[str, ...]) -> list[str]:
    """Which of ``modules`` a fresh interpreter holds after ``statement``."""
    check = f"import sys; {statement}; print(' '.join(m for m in {modules!r} if m in sys.modules))"
    return subprocess.run([sys.executable, "-c", check], capture_output=True, text=True, check=True).stdout.split()


def test_the_flow_process_does_not_load_the_analysers_libraries():
    assert _loaded_after("import flows.pipeline", ("spacy", "thinc", "pycrfsuite", "pint")) == []


def test_an_analysis_child_does_not_load_pyarrow():
    assert _loaded_after("import flows.runtime.budget, flows.analyze.analysis", ("pyarrow",)) == []
