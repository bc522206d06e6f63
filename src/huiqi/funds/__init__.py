"""Fund rounds: allocation of the 技术改造 reward (contract §8), the 普惠 测算, 双随机 checks, workbooks.

- :func:`huiqi.funds.allocate.allocate` — a round's rewards by city or region, uniform ratio or rank
  cut-off, the notice's per-project cap and minimum, sums taken off the top; exact money.
- :func:`huiqi.funds.estimate.estimate` — the 普惠性制造业投资奖励 budget reference per city.
- :func:`huiqi.funds.sampling.draw` — a reproducible 双随机一公开 check plan from a seed.
- :mod:`huiqi.funds.export` — 入库项目汇总表, 公示名单, 资金项目计划 and check plans as .xlsx.
- :mod:`huiqi.funds.workflow` — an application's life (who may move it, under which clause, when) and the
  bans; :mod:`huiqi.funds.round_summary` — what a round's applications add up to (dashboard, workbooks).

The CLI is ``huiqi funds allocate|estimate|sample|results|export`` (:mod:`huiqi.cli.funds`).
"""
