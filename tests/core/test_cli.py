import pytest

from quartier.accounts.models import User
from quartier.cli import main
from quartier.core.demo import DEMO_ORGANISATION_SLUG
from quartier.organisations.models import Organisation
from quartier.processes.models import Process

pytestmark = pytest.mark.django_db(transaction=True)


def test_demo_builds_a_german_organisation_with_processes_once(capsys):
    assert main(["demo"]) == 0
    organisation = Organisation.objects.get(slug=DEMO_ORGANISATION_SLUG)
    titles = set(Process.objects.filter(organisation=organisation).values_list("title", flat=True))
    assert {
        "Open-Sozial Mainufer 2026",
        "Alle erreichen – Integrationsteam Mainufer",
        "Offene Versammlungen im Lindenkiez",
    } <= titles
    assert "admin@example.org" in capsys.readouterr().out
    assert main(["demo", "--if-missing"]) == 0
    assert Organisation.objects.filter(slug=DEMO_ORGANISATION_SLUG).count() == 1


def test_createadmin_creates_a_superuser_and_their_organisation(capsys):
    code = main(
        [
            "createadmin",
            "--email",
            "chef@example.org",
            "--name",
            "Chefin",
            "--password",
            "ein-langes-passwort",
            "--organisation",
            "Kiezwerk",
        ]
    )
    assert code == 0
    user = User.objects.get(email="chef@example.org")
    assert user.is_superuser and user.check_password("ein-langes-passwort")
    assert user.memberships.get().organisation.name == "Kiezwerk"


def test_createadmin_refuses_a_short_password_and_writes_nothing(capsys):
    assert main(["createadmin", "--email", "chef@example.org", "--password", "kurz"]) == 2
    assert "at least 10 characters" in capsys.readouterr().err
    assert not User.objects.exists()


def test_createadmin_refuses_an_invalid_address(capsys):
    assert main(["createadmin", "--email", "kein-at", "--password", "ein-langes-passwort"]) == 2
    assert "not a valid e-mail address" in capsys.readouterr().err


def test_without_a_subcommand_it_prints_help(capsys):
    assert main([]) == 2
    assert "serve" in capsys.readouterr().out


def test_the_command_table_names_exactly_the_registered_commands():
    from quartier.cli import COMMAND_MODULES, build_parser

    subparsers = next(action for action in build_parser()._actions if action.dest == "command")
    assert set(subparsers.choices) == {n for names in COMMAND_MODULES.values() for n in names}


def test_a_command_loads_only_its_own_module():
    import subprocess
    import sys

    script = (
        "import sys; from quartier.cli import build_parser; build_parser('sortition'); "
        "print(sorted(m for m in sys.modules if m.startswith('quartier.commands.')))"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    ).stdout
    assert "quartier.commands.sortition" in loaded
    assert "quartier.commands.group" not in loaded and "quartier.commands.topics" not in loaded
