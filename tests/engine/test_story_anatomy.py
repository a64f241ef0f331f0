from app.engine.article import prepare_article
from app.engine.story_anatomy import story_lines
from app.schema import ArticleIn
from app.settings import Settings

_BODY = ("Firefighters battled a wildfire near Hoyos on Tuesday.\n"
         "Residents of Acebo were moved out overnight.\n"
         "($1 = 0.92 euros)\n"
         "(Reporting by Elena Rodríguez in Madrid; Editing by Karen Wilcox)")


def test_a_wire_s_staff_line_and_currency_note_are_not_the_story():
    assert story_lines(_BODY) == ("Firefighters battled a wildfire near Hoyos on Tuesday.\n"
                                  "Residents of Acebo were moved out overnight.")
    assert story_lines("Reporting by Ruma Paul; Editing by Devjyot Ghoshal") == \
        "Reporting by Ruma Paul; Editing by Devjyot Ghoshal"  # nothing else: the body is kept whole
    two = "The flood rose.\nAdditional reporting by Ahmad Fauzi in Morowali; editing by Alison Reed"
    assert story_lines(two) == "The flood rose."


def test_a_press_agency_in_the_dateline_is_not_the_story_and_other_brackets_stay():
    assert story_lines("MONTREAL (The Canadian Press) — Montrealers dug out.") == "MONTREAL — Montrealers dug out."
    assert story_lines("THUNDER BAY, Ont. (The Canadian Press) - Rain fell.") == "THUNDER BAY, Ont. - Rain fell."
    assert story_lines("MANILA (Philippine News Agency) -- A typhoon hit.") == "MANILA -- A typhoon hit."
    kept = ["LONDON (Reuters) — Prices rose.", "Officials said (the Korea Press Foundation) — nothing more.",
            "MONTREAL — The Canadian Press (a news agency) said."]
    assert [story_lines(body) for body in kept] == kept


def test_sentences_that_mention_reporting_stay():
    body = ("Reporting by the BBC found the council knew of the cracks in 2019.\n"
            "(The mayor, who was elected by a wide margin, declined to comment.)\n"
            "Prices rose 4% ($1 = 0.92 euros at the time).")
    assert story_lines(body) == body


def test_the_prepared_article_leaves_the_staff_line_out_of_its_text_and_sentences():
    article = ArticleIn(headline="Spain evacuates villages as wildfire rages", body=_BODY, figures=[])
    prepared = prepare_article(article, Settings())
    assert "Rodríguez" not in prepared.full_text and "Madrid" not in prepared.full_text
    assert prepared.units[-1] == "Residents of Acebo were moved out overnight."
