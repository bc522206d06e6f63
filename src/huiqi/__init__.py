"""惠企 huiqi: Guangdong industrial policy as executable, explainable rules.

Data flows one way: ``corpus`` (the policy texts as citable clauses) → ``rules`` (the rule language)
and ``programs`` (one folder per program) → ``engine`` → interfaces (``cli``, ``service``, ``web``,
``batch``).
"""

__version__ = "0.1.0"
