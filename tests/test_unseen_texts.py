"""The unseen texts for drafting by meaning (tests/fixtures/unseen): written by another writer who had not seen
the matcher, committed before the matcher changes. Their answer keys must stay true to the texts and the data."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import ROOT

UNSEEN = ROOT / "tests" / "fixtures" / "unseen"


def test_every_answer_key_is_true_to_its_text_and_to_the_data():
    result = subprocess.run(
        [sys.executable, str(UNSEEN / "check_keys.py")], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stdout[-2000:]
    assert result.stdout.strip().endswith("OK")


def test_the_rewritten_november_states_every_stored_november_figure():
    keyed = (UNSEEN / "november-rewritten.key.csv").read_text(encoding="utf-8").splitlines()[1:]
    omitted = (UNSEEN / "november-rewritten.omitted.csv").read_text(encoding="utf-8").splitlines()[1:]
    assert len(keyed) + len(omitted) == 182 and len(keyed) >= 170


def test_the_second_held_out_set_is_true_to_its_texts_and_to_the_data():
    """tests/fixtures/unseen-2: a third writer's retold November and three short texts, measured once."""
    checker = ROOT / "tests" / "fixtures" / "unseen-2" / "check_keys.py"
    result = subprocess.run([sys.executable, str(checker)], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout[-2000:]
    assert result.stdout.strip().endswith("OK")


def test_the_third_held_out_set_is_true_to_its_texts_and_to_the_data():
    """tests/fixtures/unseen-3: a fourth writer's November as a sitrep and three short texts, measured once."""
    checker = ROOT / "tests" / "fixtures" / "unseen-3" / "check_keys.py"
    result = subprocess.run([sys.executable, str(checker)], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout[-2000:]
    assert result.stdout.strip().endswith("OK")


def test_the_fourth_held_out_set_is_true_to_its_texts_and_to_the_data():
    """tests/fixtures/unseen-4: a fifth writer's November told by donor, and three short texts, measured once."""
    checker = ROOT / "tests" / "fixtures" / "unseen-4" / "check_keys.py"
    result = subprocess.run([sys.executable, str(checker)], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout[-2000:]
    assert result.stdout.strip().endswith("OK")
