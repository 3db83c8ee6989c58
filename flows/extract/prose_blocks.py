"""The fallback of the text-capture cleaner (flows.extract.textcapture, stage 6): the densest run of
prose lines between blank lines, which replaces a body the stages left too short and names the
page's best candidate in a quarantine reason."""
from __future__ import annotations

from dataclasses import dataclass

# A fallback block must be at least this share prose (sentences, or function-word-rich lines).
BLOCK_MIN_PROSE_SHARE = 0.6
BLOCK_PREVIEW_CHARS = 60


@dataclass(frozen=True)
class CandidateBlock:
    """A run of lines between blank lines: what the fallback and a quarantine reason point at."""

    first_line: int  # 1-based among the capture's non-blank lines
    last_line: int
    chars: int
    prose_chars: int
    preview: str

    def describe(self) -> str:
        return (f"largest candidate block: lines {self.first_line}-{self.last_line}, {self.chars} characters "
                f"({self.prose_chars} in sentences), starting {self.preview!r}")


def _candidate_blocks(lines: list) -> list[tuple[list[int], int]]:
    """(line indices, prose characters) of each run of lines between blank lines; marker lines,
    script residue and cut trailing sections end a run and belong to none."""
    blocks: list[list[int]] = []
    current: list[int] = []
    for i, line in enumerate(lines):
        if line.marker or line.kind == "script" or line.cut:
            current = []
            continue
        if line.blank_before or not current:
            current = []
            blocks.append(current)
        current.append(i)
    return [(block, sum(lines[i].chars for i in block if lines[i].is_prose)) for block in blocks if block]


def densest_prose_block(lines: list) -> tuple[list[int], CandidateBlock] | None:
    """The block with the most prose among those mostly prose (else the one with most prose), of the
    cleaner's ``Line``s."""
    blocks = _candidate_blocks(lines)
    if not blocks:
        return None
    dense = [(block, prose) for block, prose in blocks
             if prose >= BLOCK_MIN_PROSE_SHARE * sum(lines[i].chars for i in block)]
    block, prose = max(dense or blocks, key=lambda item: item[1])
    text = " ".join(lines[i].text for i in block)
    preview = text[:BLOCK_PREVIEW_CHARS] + ("…" if len(text) > BLOCK_PREVIEW_CHARS else "")
    candidate = CandidateBlock(lines[block[0]].number, lines[block[-1]].number,
                               sum(len(lines[i].text) for i in block), prose, preview)
    return (block, candidate) if dense else ([], candidate)
