"""A time and memory budget per document in analysis, on the same long-lived budget children as
extraction (flows.runtime.budget): a document that overruns is stopped, analysed again for its
places alone within the same budget (places are kept when they are found in time), and its claims,
or its whole analysis, quarantined with the reason; the batch goes on."""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from flows.analyze import Analysis
from flows.config import Settings
from flows.runtime.budget import Budget, within_budget

Document = tuple[str, str, str | None]  # document_id, body text, language
# ``flows.analyze.analyze`` or a stand-in with its signature: (documents, settings, with_claims=...).
Analyzer = Callable[..., Analysis]


class AnalysisRefused(Exception):
    """A document analysis cannot take at all; ``reason`` says why."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def document_budget(settings: Settings) -> Budget:
    return Budget(settings.document_seconds, settings.document_memory_mb * 1024 * 1024, "analysis", "analysing",
                  settings.documents_per_child)


@dataclass(frozen=True)
class _AnalyzeDocument:
    """The child's function: one document through the analyser, with or without its claims. Frozen,
    so batches with equal settings share the process's idle child."""

    analyzer: Analyzer
    settings: Settings
    with_claims: bool = True

    def __call__(self, document: Document) -> Analysis:
        # Imported here, in the child: the flow process that builds this never loads spaCy.
        from flows.analyze.nlp import english, readable_by_english_model

        _, text, language = document
        if readable_by_english_model(language) and len(text) > english().max_length:
            raise AnalysisRefused(f"longer than the English model reads at once ({len(text)} characters, "
                                  f"limit {english().max_length})")
        return self.analyzer([document], self.settings, with_claims=self.with_claims)


@dataclass
class Refused:
    document_id: str
    item: str  # "claims" (its places kept) or "analysis" (nothing kept)
    reason: str


def analyze_within_budget(documents: Iterable[Document], settings: Settings, analyzer: Analyzer
                          ) -> tuple[Analysis, list[Refused]]:
    """Each document through ``analyzer`` within the settings' budget, in a budget child that gets
    the analyser itself (by cloudpickle: a stand-in reaches the child as it is): the rows of every
    document analysed in full or for its places only, and what was refused of the others, with the
    reason."""
    budget = document_budget(settings)
    done, refused = within_budget(documents, _AnalyzeDocument(analyzer, settings), budget, (AnalysisRefused,))
    places, unanalysed = within_budget([d for d, _ in refused], _AnalyzeDocument(analyzer, settings, with_claims=False),
                                       budget, (AnalysisRefused,))
    why = {document[0]: reason for document, reason in refused}
    return (Analysis.merge([analysis for _, analysis in done + places]),
            [Refused(d[0], "claims", f"{why[d[0]]}; its places are kept") for d, _ in places]
            + [Refused(d[0], "analysis", reason) for d, reason in unanalysed])
