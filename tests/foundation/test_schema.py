"""The schema: migrations match the models, reference data is loaded, constraints hold."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

import models
from bot.cli.db import upgrade
from models import Area, Indicator, Village
from models.vocabulary import AreaLevel


def test_migrations_match_the_models(rt):
    with rt.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, models.Base.metadata) == []


def test_reference_data_is_loaded(rt):
    with rt.sessions() as session:
        counts = dict(session.execute(select(Area.level, func.count()).group_by(Area.level)).all())
        indicators = session.scalar(select(func.count()).select_from(Indicator))
    assert counts == {AreaLevel.PROVINCE: 77, AreaLevel.DISTRICT: 928, AreaLevel.SUBDISTRICT: 7436}
    assert indicators == 17


def test_upgrade_twice_changes_nothing(app, rt):
    result = app.test_cli_runner().invoke(upgrade)
    assert result.exit_code == 0, result.output
    with rt.sessions() as session:
        assert session.scalar(select(func.count()).select_from(Area)) == 8441


@pytest.mark.parametrize("code", ["6501010", "650101x1", "6501011"])
def test_village_codes_are_eight_digits(rt, code):
    with pytest.raises(IntegrityError), rt.sessions.begin() as session:
        session.add(Village(code=code, subdistrict_code="650101", moo=1, name_th="บ้านทดสอบ"))
