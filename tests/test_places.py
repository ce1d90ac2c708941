"""Name resolution over every place-name spelling in the newsletter."""

from __future__ import annotations

import pytest

from lib.dataset.places import Gazetteer, normalise, variants
from lib.presenting.views import programme_places


@pytest.fixture(scope="module")
def gazetteer(dataset) -> Gazetteer:
    return Gazetteer(
        dataset.table("places"), dataset.table("municipalities"), dataset.table("regions"), dataset.table("aors")
    )


# Every spelling of a place in the newsletter (and the examples), with what it stands for.
SPELLINGS = [
    ("Pejë/Pec", "municipality", "KV18"),
    ("Peja/Pec", "municipality", "KV18"),
    ("Peć", "municipality", "KV18"),
    ("Pec", "municipality", "KV18"),
    ("Pejë/Pec Municipality", "municipality", "KV18"),
    ("Peja/Pec Municipality", "municipality", "KV18"),
    ("Djakovica", "municipality", "KV05"),
    ("Gjakova", "municipality", "KV05"),
    ("Gjakova/Djakovica", "municipality", "KV05"),
    ("Đakovica", "municipality", "KV05"),
    ("Prishtina/Pristina", "municipality", "KV20"),
    ("Pristina", "municipality", "KV20"),
    ("Prishtina", "municipality", "KV20"),
    ("Strpce/Shterpce", "municipality", "KV23"),
    ("Štrpce", "municipality", "KV23"),
    ("Dragas/h", "municipality", "KV02"),
    ("Dragash", "municipality", "KV02"),
    ("Gjilan/Gnjilane", "municipality", "KV06"),
    ("Rahovec/Orahovac", "municipality", "KV22"),
    ("Rahovec/Orahovac Municipality", "municipality", "KV22"),
    ("Lipjan/Lipljan", "municipality", "KV13"),
    ("Ferizaj/Urosevac", "municipality", "KV03"),
    ("Prizren", "municipality", "KV21"),
    ("Gracanica", "place", "gracanica"),
    ("Siga/ë", "place", "siga"),
    ("Sigë/Siga", "place", "siga"),
    ("Sigë", "place", "siga"),
    ("Siga", "place", "siga"),
    ("Brestovik", "place", "brestovik"),
    ("Brestovik-Pejë/Pec", "place", "brestovik"),
    ("Ljevosa/Ljevoša", "place", "ljevosa"),
    ("Lëvoshë", "place", "ljevosa"),
    ("Velika Hoca/Hoça e Madhe", "place", "velika_hoca"),
    ("Velika Hoča", "place", "velika_hoca"),
    ("Hoçë e Madhe", "place", "velika_hoca"),
    ("Novake", "place", "novake"),
    ("Magure", "place", "magure"),
    ("Magure/a", "place", "magure"),
    ("Magura", "place", "magure"),
    ("Zhupa Valley", "place", "zhupa"),
    ("Moravska District", "place", "moravska"),
    ("Gora", "place", "gora"),
    ("University Clinical Centre", "place", "university_clinical_centre"),
    ("Pristina Airport", "place", "pristina_airport"),
    ("Prishtina/Pristina region", "region", "PRI"),
    # An IOM area of responsibility is not the district of the same name.
    ("Gjilan/Gnjilane AoR", "aor", "gjilan"),
    ("Prizren AoR", "aor", "prizren"),
    ("Mitrovica AoR", "aor", "mitrovica"),
    ("Peja/Pec AoR", "aor", "peja"),
    ("Gjakova/Djakovica AoR", "aor", "gjakova"),
    ("Peć AoR", "aor", "peja"),
]


@pytest.mark.parametrize("name, kind, code", SPELLINGS)
def test_every_spelling_resolves_to_one_place(gazetteer, name, kind, code):
    resolved = gazetteer.resolve(name)
    assert resolved is not None, f"{name!r} not resolved"
    assert (resolved.kind, resolved.id) == (kind, code)


def test_spellings_resolve_with_and_without_diacritics(gazetteer):
    for name, _, _ in SPELLINGS:
        assert gazetteer.resolve(normalise(name)) == gazetteer.resolve(name)


def test_unknown_names_resolve_to_nothing(gazetteer):
    resolved = {name: gazetteer.resolve(name) for name in ["Pejë/Pec", "Banja Luka", "Atlantis", "", "Gora"]}
    assert {name for name, found in resolved.items() if found is not None} == {"Pejë/Pec", "Gora"}


def test_a_programmes_unknown_locations_are_reported_not_dropped(dataset):
    """What the maps use (``programme_places``): each stated location resolved, and the ones that name no one
    municipality or place (unknown, or all Kosovo) reported in the order stated."""
    programmes = dataset.tables["programmes"].assign(locations="Pejë/Pec; Banja Luka; Atlantis; Gora (Dragash); Kosovo")
    tables = {**dataset.tables, "programmes": programmes}
    place_ids, municipalities, unknown = programme_places(dataset.tables["figures"].iloc[0:0], tables, "avr")
    assert unknown == ["Banja Luka", "Atlantis", "Kosovo"]
    assert place_ids == {"gora"}
    assert municipalities == {"KV18", "KV02"}


def test_labels_give_both_names(gazetteer):
    assert gazetteer.resolve("Pec").label == "Pejë/Peć"
    assert gazetteer.resolve("Siga").label == "Sigë/Siga"
    assert gazetteer.resolve("Prizren").label == "Prizren"


def test_variants_expand_short_suffixes():
    assert {"siga", "sige"} <= set(variants("Siga/ë"))
    assert {"dragas", "dragash"} <= set(variants("Dragas/h"))
    assert {"magure", "magura"} <= set(variants("Magure/a"))


def test_an_unknown_area_of_responsibility_is_not_taken_for_a_district(gazetteer):
    assert gazetteer.resolve("Ferizaj AoR") is None  # the newsletter names no Ferizaj AoR; the district exists
    assert gazetteer.resolve("Ferizaj/Urosevac region").kind == "region"
