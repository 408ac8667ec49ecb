"""Warehouses: configured in okos.toml, mirrored here so documents can refer to them."""

from peewee import AutoField, BooleanField, CharField, TextField

from okos_tui.db.base import BaseModel


class Warehouse(BaseModel):
    id = AutoField()
    code = CharField(unique=True)
    name = TextField()
    active = BooleanField(default=True)
