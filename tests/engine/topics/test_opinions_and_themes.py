"""Opinion groups (Pol.is method) on synthetic votes, and themes with key-phrase labels."""

from __future__ import annotations

import random

from quartier.engine.topics import OpinionVote, adjusted_rand_index, opinion_map, themes
from quartier.engine.topics.themes import key_phrases, normalized_mutual_information


def two_camps(seed: int = 1, people: int = 40, statements: int = 12):
    """Half agree with statements 0-5 and reject 6-9, the other half the reverse; all
    agree with 10 and 11 (consensus). Each person skips a few statements."""
    rng = random.Random(seed)
    votes, camp = [], {}
    for p in range(people):
        side = p % 2
        camp[str(p)] = side
        for s in range(statements):
            if rng.random() < 0.2:
                continue
            if s >= 10:
                value = 1
            else:
                value = 1 if (s < 6) == (side == 0) else -1
                if rng.random() < 0.1:
                    value = 0
            votes.append(OpinionVote(str(p), str(s), value))
    return votes, camp


def test_it_finds_the_two_camps_and_their_common_ground():
    votes, camp = two_camps()
    result = opinion_map(votes)
    assert result.group_count == 2
    truth = [camp[p] for p in result.participants]
    assert adjusted_rand_index(truth, list(result.groups)) == 1.0
    assert {s.statement for s in result.consensus} >= {"10", "11"}
    assert result.divisive[0].statement in {str(s) for s in range(10)}
    assert len(result.points) == len(result.participants)


def test_people_with_too_few_votes_stay_off_the_map():
    votes, _ = two_camps()
    votes += [OpinionVote("late", "0", 1), OpinionVote("late", "1", -1)]
    result = opinion_map(votes)
    assert "late" not in result.participants
    assert result.left_out == 1 + opinion_map(votes[:-2]).left_out


def test_the_same_votes_give_the_same_map():
    votes, _ = two_camps(seed=3)
    assert opinion_map(votes) == opinion_map(list(reversed(votes)))


def test_a_tiny_conversation_has_one_group_and_no_error():
    result = opinion_map([OpinionVote("a", "1", 1), OpinionVote("b", "1", -1)])
    assert result.group_count <= 1 and result.divisive == ()
    empty = opinion_map([])
    assert empty.participants == () and empty.group_count == 0


def test_adjusted_rand_index_ignores_label_names_and_punishes_mixing():
    assert adjusted_rand_index([0, 0, 1, 1], [1, 1, 0, 0]) == 1.0
    assert adjusted_rand_index([0, 0, 1, 1], [0, 1, 0, 1]) < 0
    assert normalized_mutual_information([0, 0, 1, 1], [5, 5, 7, 7]) == 1.0


CONTRIBUTIONS = [
    ("1", "Hundeauslaufplatz", "Ein eingezäunter Auslauf für Hunde ohne Leine."),
    ("2", "Hunde ohne Leine", "Hunde sollen auf der Wiese frei laufen dürfen."),
    ("3", "Hundewiese", "Eine Wiese nur für Hunde und ihre Halter."),
    ("4", "Badesee", "Ein See zum Baden und Schwimmen im Sommer."),
    ("5", "Schwimmteich", "Ein Teich zum Schwimmen und Baden für alle."),
    ("6", "Wasserfläche", "Ein See oder Teich, Wasser zum Baden fehlt."),
    ("7", "Urban Gardening", "Gemeinschaftsgärten mit Beeten für die Nachbarschaft."),
    ("8", "Gärten für alle", "Beete und Gemeinschaftsgärten zum Gärtnern."),
    ("9", "Gemüsegarten", "Ein Garten mit Beeten, in dem Nachbarn Gemüse ziehen."),
]


def test_themes_group_contributions_by_meaning_and_label_them_with_their_words():
    found = themes(CONTRIBUTIONS, k=3)
    groups = sorted(sorted(t.keys) for t in found)
    assert groups == [["1", "2", "3"], ["4", "5", "6"], ["7", "8", "9"]]
    labels = " ".join(t.label for t in found).lower()
    assert "hunde" in labels and ("baden" in labels or "see" in labels) and "beete" in labels


def test_themes_choose_their_number_when_none_is_given_and_work_without_the_encoder():
    found = themes(CONTRIBUTIONS, auto=False)
    assert 2 <= len(found) <= 3
    assert sum(len(t.keys) for t in found) == len(CONTRIBUTIONS)
    assert themes([]) == []


def test_key_phrases_prefer_words_that_set_a_group_apart():
    phrases = key_phrases(
        [["Hunde an der Leine", "Hunde ohne Leine"], ["Baden im See", "Baden im Teich"]]
    )
    assert phrases[0][0].lower().startswith("hunde") or "Leine" in phrases[0][0]
    assert "Baden" in " ".join(phrases[1])
