"""Placeholder until this module is written."""

__all__: list[str] = []
