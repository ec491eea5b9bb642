"""Fixtures for police data tests: Brenchley Gardens with an assessment (shared with the map tests)."""

from tests.maps.conftest import located

__all__ = ["located"]
