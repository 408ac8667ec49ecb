"""The database handle every model binds to, opened once per process by `open_database`."""

from peewee import DatabaseProxy, Model

database = DatabaseProxy()


class BaseModel(Model):
    class Meta:
        database = database
        legacy_table_names = False
