"""bin/check-upgrade's comparison: a known rewrite is undone before rows are compared, so the
rewrite passes and any other change to the same rows still fails."""

from importlib.machinery import SourceFileLoader
from importlib.util import module_from_spec, spec_from_loader
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[2] / "bin" / "check-upgrade"


def _load():
    loader = SourceFileLoader("check_upgrade", str(SCRIPT))
    spec = spec_from_loader("check_upgrade", loader)
    module = module_from_spec(spec)
    loader.exec_module(module)
    return module


check_upgrade = _load()
COLUMNS = ["id", "unit", "value"]
BEFORE = {"cms_adoptionoutcome": (COLUMNS, [(1, "วัน / days", 3), (2, "%", 40)])}


def _after(rows):
    return {"tracker_adoptionoutcome": (["id", "unit", "value", "unit_en"], rows)}


def test_a_split_unit_is_kept():
    after = _after([(1, "วัน", 3, "days"), (2, "%", 40, "")])
    assert check_upgrade.compare(BEFORE, after) == []


def test_a_split_row_with_another_change_is_lost():
    after = _after([(1, "วัน", 4, "days"), (2, "%", 40, "")])
    assert check_upgrade.compare(BEFORE, after) == [
        "cms_adoptionoutcome -> tracker_adoptionoutcome: 1 of 2 rows lost or changed"
    ]


def test_a_unit_split_wrongly_is_lost():
    after = _after([(1, "วัน", 3, "day"), (2, "%", 40, "")])
    assert len(check_upgrade.compare(BEFORE, after)) == 1


def test_a_table_without_a_known_rewrite_is_compared_as_it_is():
    before = {"courses_cohort": (["id", "title"], [(1, "รุ่น 1")])}
    after = {"courses_cohort": (["id", "title"], [(1, "รุ่น 2")])}
    assert check_upgrade.compare(before, after) == ["courses_cohort: 1 of 1 rows lost or changed"]
