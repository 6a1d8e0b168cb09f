"""Expected state tables, written by hand from domain.md and the law; never derived from cases.workflows."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Edge:
    sources: frozenset
    target: str | None
    roles: frozenset
    guards: tuple = ()  # names of the state guards (409 refusals), in order
    actor_guards: tuple = ()  # names of the person guards (403 refusals)
    internal: bool = False
    keeps: frozenset = frozenset()


def edge(sources, target, roles, guards=(), actor_guards=(), internal=False, keeps=()):
    return Edge(frozenset(sources), target, frozenset(roles), tuple(guards), tuple(actor_guards), internal,
                frozenset(keeps))
