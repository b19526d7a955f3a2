from tests.functional.fixtures import database, mariadb, rabbit  # noqa: F401
