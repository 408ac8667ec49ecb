"""Numbering sequences: one counter per block (prefix) and year, for gapless document numbers."""

from peewee import AutoField, CharField, IntegerField

from okos_tui.db.base import BaseModel


class NumberSequence(BaseModel):
    id = AutoField()
    prefix = CharField()
    year = IntegerField()
    last_number = IntegerField(default=0)

    class Meta:
        indexes = ((("prefix", "year"), True),)
