"""How fast a 10,000-item bank goes out to and comes back from QTI 3.0, Moodle XML and GIFT.

The synthetic bank repeats the bundled CS201 items (all five kinds, scenarios with their parts,
a rubric for every free-text question) under new ids until it holds --items items. Each format
is exported once and imported once (each run is a whole bank; no loop), and reported as items
per second of CPU time beside a baseline measured in the same run: the same bank as JSON
(pydantic's model_dump_json and model_validate_json of every bank and rubric file), the least
any writer or reader must do to touch every model.

    python benchmarks/interop_speed.py [--items 10000]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from csassess.content.bundled import bundled_paths
from csassess.interop.content import BankContent, content_to_export
from csassess.interop.detect import import_file
from csassess.interop.gift_write import gift_text
from csassess.interop.moodle_write import moodle_xml
from csassess.interop.qti3_write import write_qti_package
from csassess.models import Bank, RubricFile
from csassess.models.items import Scenario


def synthetic_bank(items: int) -> BankContent:
    """--items items copied from the bundled banks under fresh ids, with their rubrics."""
    source = content_to_export(bundled_paths())
    pool = [(bank, item) for bank, item in source.items()]
    rubrics = {q: r for q, (_, r) in source.rubric_index().items()}
    new_items, new_rubrics = [], []
    for n in range(items):
        bank, item = pool[n % len(pool)]
        ident = f"{item.id}-{n:05d}"
        if isinstance(item, Scenario):
            parts = []
            for part in item.parts:
                part_id = f"{ident}.{part.id.rsplit('.', 1)[-1]}"
                parts.append(part.model_copy(update={"id": part_id}))
                if part.id in rubrics:
                    new_rubrics.append(rubrics[part.id].model_copy(update={"item": part_id}))
            new_items.append(item.model_copy(update={"id": ident, "parts": parts, "enemies": []}))
        else:
            new_items.append(item.model_copy(update={"id": ident, "enemies": []}))
            if item.id in rubrics:
                new_rubrics.append(rubrics[item.id].model_copy(update={"item": ident}))
    spec = source.banks[0].specification
    bank = Bank(kind="bank", id="synthetic", title="Synthetic bank", specification=spec, items=new_items)
    synonyms = source.rubric_files[0].synonyms
    files = [RubricFile(kind="rubrics", id="synthetic-rubrics", synonyms=synonyms, rubrics=new_rubrics)]
    return BankContent([bank], files, [])


def timed(run: Callable[[], object]) -> tuple[float, object]:
    """CPU seconds of this process (the work is single-threaded; other jobs on a shared machine
    do not count against it) and the value."""
    start = time.process_time()
    value = run()
    return time.process_time() - start, value


def json_baseline(content: BankContent, folder: Path) -> tuple[float, float]:
    """Seconds to write and to read the bank and rubrics as pydantic JSON."""
    bank_path, rubric_path = folder / "bank.json", folder / "rubrics.json"

    def write() -> None:
        bank_path.write_text(content.banks[0].model_dump_json())
        rubric_path.write_text(content.rubric_files[0].model_dump_json())

    def read() -> None:
        Bank.model_validate_json(bank_path.read_text())
        RubricFile.model_validate_json(rubric_path.read_text())

    return timed(write)[0], timed(read)[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=10_000)
    args = parser.parse_args()
    content = synthetic_bank(args.items)
    questions = sum(1 for _ in content.questions())
    rubrics = len(content.rubric_files[0].rubrics)
    print(f"synthetic bank: {args.items:,} items, {questions:,} questions, {rubrics:,} rubrics")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        base_out, base_in = json_baseline(content, folder)
        writers: dict[str, tuple[str, Callable[[Path], object]]] = {
            "QTI 3.0": ("bank.zip", lambda p: write_qti_package(content, p)),
            "Moodle XML": ("bank.xml", lambda p: p.write_bytes(moodle_xml(content, [])[0])),
            "GIFT": ("bank.gift", lambda p: p.write_text(gift_text(content, [])[0], encoding="utf-8")),
        }
        head = ("format", "export items/s", "x JSON", "import items/s", "x JSON", "size MB")
        print(f"{head[0]:<12}{head[1]:>16}{head[2]:>8}{head[3]:>16}{head[4]:>8}{head[5]:>9}  back")
        base = (args.items / base_out, args.items / base_in)
        print(f"{'JSON (base)':<12}{base[0]:>16,.0f}{1:>8.2f}{base[1]:>16,.0f}{1:>8.2f}")
        for name, (file_name, write) in writers.items():
            path = folder / file_name
            out_s, _ = timed(lambda w=write, p=path: w(p))
            in_s, result = timed(lambda p=path: import_file(p))
            back = sum(len(b.items) for b in result.content.banks)  # type: ignore[attr-defined]
            size = path.stat().st_size / 1e6
            print(
                f"{name:<12}{args.items / out_s:>16,.0f}{base_out / out_s:>8.2f}"
                f"{args.items / in_s:>16,.0f}{base_in / in_s:>8.2f}{size:>9.1f}  {back:,} items"
            )


if __name__ == "__main__":
    main()
