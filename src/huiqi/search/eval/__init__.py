"""The search evaluation set (``questions.yaml``), shipped as package data."""
