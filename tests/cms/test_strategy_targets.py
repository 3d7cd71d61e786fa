import pytest
from django.core.management import CommandError, call_command

from cms.models import MasterPlan, NationalStrategy, SubPlanTarget

pytestmark = pytest.mark.django_db

GOOD = """code,master_plan,sub_plan_th,sub_plan_en,name_th,name_en
200101,20,การพัฒนาบริการประชาชน,Public service development,บริการดิจิทัลเพิ่มขึ้น,More digital services
170201,17,,,คนพิการเข้าถึงสิทธิ,People with disabilities get their rights
"""


def test_the_six_strategies_and_23_master_plans_are_seeded_in_thai_and_english():
    assert NationalStrategy.objects.count() == 6
    assert MasterPlan.objects.count() == 23
    plan = MasterPlan.objects.get(number=20)
    assert plan.name_th == "การบริการประชาชนและประสิทธิภาพภาครัฐ"
    assert plan.name_en == "Public Services and Public Sector Efficiency"
    assert [s.number for s in plan.strategies.all()] == [6]
    assert all(p.strategies.exists() for p in MasterPlan.objects.all())


def test_the_loader_creates_targets_and_updates_them_on_a_second_run(tmp_path, capsys):
    path = tmp_path / "targets.csv"
    path.write_text(GOOD, encoding="utf-8")

    call_command("load_strategy_targets", str(path))
    call_command("load_strategy_targets", str(path))

    assert "0 target(s) created, 2 updated" in capsys.readouterr().out
    target = SubPlanTarget.objects.get(code="200101")
    assert target.master_plan.number == 20
    assert target.name_en == "More digital services"
    assert SubPlanTarget.objects.count() == 2


def test_the_loader_rejects_a_malformed_file_and_saves_nothing(tmp_path, capsys):
    path = tmp_path / "targets.csv"
    path.write_text(
        GOOD
        + "999999,99,,,ไม่มีแผนนี้,No such plan\n"  # master plan 99 does not exist
        + "200101,20,,,ซ้ำ,Duplicate\n"  # code twice
        + "300101,3,,,,\n",  # names missing
        encoding="utf-8",
    )

    with pytest.raises(CommandError, match="nothing was saved"):
        call_command("load_strategy_targets", str(path))

    errors = capsys.readouterr().err
    assert "Row 4: there is no master plan number 99" in errors
    assert "Row 5: code 200101 appears twice" in errors
    assert "Row 6: name_th is empty" in errors
    assert not SubPlanTarget.objects.exists()


def test_the_loader_rejects_a_file_without_the_needed_columns(tmp_path, capsys):
    path = tmp_path / "targets.csv"
    path.write_text("code,name\n200101,บริการ\n", encoding="utf-8")

    with pytest.raises(CommandError):
        call_command("load_strategy_targets", str(path))

    assert "Missing column(s): master_plan, name_th, name_en" in capsys.readouterr().err
    assert not SubPlanTarget.objects.exists()


def test_the_command_exits_non_zero_on_a_bad_file(tmp_path, monkeypatch):
    from django.core.management import ManagementUtility
    from django.db import connections

    # manage.py closes the database connections on the way out; the test still needs its own.
    monkeypatch.setattr(connections, "close_all", lambda: None)

    path = tmp_path / "targets.csv"
    path.write_text("code,master_plan,name_th,name_en\n1,99,ก,A\n", encoding="utf-8")

    with pytest.raises(SystemExit) as exit_info:
        ManagementUtility(["manage.py", "load_strategy_targets", str(path)]).execute()

    assert exit_info.value.code == 1
    assert not SubPlanTarget.objects.exists()


def test_the_loader_refuses_a_nul_naming_the_row_and_strips_control_characters(tmp_path, capsys):
    path = tmp_path / "targets.csv"
    bad = GOOD.replace("More digital services", "More\x00 digital services")
    path.write_text(bad, encoding="utf-8")

    with pytest.raises(CommandError):
        call_command("load_strategy_targets", str(path))

    assert "แถวที่ 2: name_en มีอักขระ NUL" in capsys.readouterr().err  # Thai by default
    assert not SubPlanTarget.objects.exists()

    path.write_text(GOOD.replace("More digital", "\u202eMore\x07 digital"), encoding="utf-8")
    call_command("load_strategy_targets", str(path))

    assert SubPlanTarget.objects.get(code="200101").name_en == "More digital services"
