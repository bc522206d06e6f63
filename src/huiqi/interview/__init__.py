"""The check-up a person finishes: an interview that asks only what decides (contract §10)."""

from huiqi.interview.core import Request, build_profile, parse_request, step

__all__ = ["Request", "build_profile", "parse_request", "step"]
