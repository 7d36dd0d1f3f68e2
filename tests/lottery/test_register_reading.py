"""Reading extract files: encodings, delimiters and column names as offices deliver them."""

from __future__ import annotations

from quartier.lottery.register import detect_encoding, guess_mapping, missing_fields, read_head

HEADER = "Familienname;Vornamen;Geburtsdatum;Geschlecht;Straße;Hausnummer;PLZ;Ort\n"
ROW = "Weiß;Jürgen;01.02.1960;m;Große Straße;12;63820;Öhringen-Süd\n"


def test_a_large_windows_1252_file_is_read_as_windows_1252(tmp_path):
    path = tmp_path / "auszug.csv"
    path.write_bytes((HEADER + ROW * 8000).encode("cp1252"))
    head = read_head(path, path.name)
    assert head.encoding == "cp1252"
    assert head.delimiter == ";"
    assert head.headers[4] == "Straße"
    assert head.sample[0][0] == "Weiß"
    assert not missing_fields(guess_mapping(head.headers))


def test_utf8_with_bom_and_tabs_is_recognised(tmp_path):
    path = tmp_path / "auszug.txt"
    text = (HEADER + ROW * 3).replace(";", "\t")
    path.write_bytes("\ufeff".encode() + text.encode("utf-8"))
    head = read_head(path, path.name)
    assert (head.encoding, head.delimiter) == ("utf-8", "\t")
    assert head.headers[0] == "Familienname"


def test_a_utf8_character_cut_at_the_end_of_the_sample_is_still_utf8():
    data = ("Straße;" * 10).encode("utf-8")
    assert detect_encoding(data[:-2] + "ß".encode()[:1]) == "utf-8"


def test_an_age_column_can_stand_in_for_the_date_of_birth():
    mapping = guess_mapping(["Name", "Vorname", "Alter", "Straße", "PLZ"])
    assert mapping["age"] == 2 and mapping["birth_date"] is None
    assert not missing_fields(mapping)
    assert [f.key for f in missing_fields(guess_mapping(["Name", "Vorname", "Straße", "PLZ"]))] == [
        "birth_date"
    ]
