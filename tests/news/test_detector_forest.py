"""`forest.Forest`: the calibration's trees summed with bit vectors give what walking each
tree gives, whatever the trees, thresholds and values (negative ones, ties, absent features,
trees too wide for a lane)."""

from __future__ import annotations

import random

import pytest

from channels_app.news.detect.forest import Forest, Node, _walk

NAMES = ("a", "b", "c", "d", "e")
THRESHOLDS = (-1.0, -0.5, 0.0, 0.25, 0.5, 1.0)


def random_tree(rnd: random.Random, leaves: int) -> list[Node]:
    """A tree of `leaves` leaves, split at random, nodes numbered root first."""
    nodes: list[Node] = []

    def grow(count: int) -> int:
        i = len(nodes)
        if count == 1:
            nodes.append((None, 0.0, 0, 0, round(rnd.uniform(-2, 2), 3)))
            return i
        nodes.append((None, 0.0, 0, 0, 0.0))  # the split, filled in below
        left_count = rnd.randint(1, count - 1)
        left = grow(left_count)
        right = grow(count - left_count)
        nodes[i] = (rnd.choice(NAMES), rnd.choice(THRESHOLDS), left, right, 0.0)
        return i

    grow(leaves)
    return nodes


def random_features(rnd: random.Random) -> dict[str, float]:
    values = (*THRESHOLDS, -2.0, 0.3, 2.0)  # ties with the thresholds, and values between
    return {name: rnd.choice(values) for name in rnd.sample(NAMES, rnd.randint(0, len(NAMES)))}


@pytest.mark.parametrize("widest", [1, 2, 8, 9, 16, 31, 64, 65, 100])
def test_the_sum_is_the_one_walking_the_trees_gives(widest: int) -> None:
    rnd = random.Random(widest)
    trees = [random_tree(rnd, rnd.randint(1, widest)) for _ in range(25)]
    trees.append(random_tree(rnd, widest))  # the widest tree sets the lanes' width
    forest = Forest(trees)
    for _ in range(500):
        features = random_features(rnd)
        expected = sum(_walk(tree, features) for tree in trees)
        assert forest.score(features) == pytest.approx(expected, abs=1e-9)


def test_a_feature_the_trees_do_not_test_changes_nothing() -> None:
    tree: list[Node] = [("a", 0.5, 1, 2, 0.0), (None, 0.0, 0, 0, -1.0), (None, 0.0, 0, 0, 1.0)]
    forest = Forest([tree])
    assert forest.score({"zzz": 5.0}) == forest.score({}) == -1.0
    assert forest.score({"a": 0.5}) == -1.0  # at the threshold: left
    assert forest.score({"a": 0.51}) == 1.0


def test_an_absent_feature_fails_a_negative_threshold() -> None:
    tree: list[Node] = [("a", -0.5, 1, 2, 0.0), (None, 0.0, 0, 0, -1.0), (None, 0.0, 0, 0, 1.0)]
    forest = Forest([tree])
    assert forest.score({}) == 1.0  # a is 0 > -0.5: right
    assert forest.score({"a": -0.7}) == -1.0
