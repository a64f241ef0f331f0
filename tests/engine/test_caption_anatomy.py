"""Caption anatomy: credits and file-photo wording split from the scene a caption describes."""

import pytest

from app.engine.caption_anatomy import scene_of, split_caption


@pytest.mark.parametrize(
    "caption, scene, credit",
    [
        ("Boris Johnson speaks in Downing Street. Photograph: Stefan Rousseau/PA",
         "Boris Johnson speaks in Downing Street.", "Photograph: Stefan Rousseau/PA"),
        ("Protesters outside the court. Credit...Doug Mills/The New York Times",
         "Protesters outside the court.", "Credit...Doug Mills/The New York Times"),
        ("Protesters outside the court.CreditHiroko Masuike/The New York Times",
         "Protesters outside the court.", "CreditHiroko Masuike/The New York Times"),
        ("Afghan forces at the site of an attack in Kabul. (Photo by AFP)",
         "Afghan forces at the site of an attack in Kabul.", "Photo by AFP"),
        ("A man walks past a sign. Jason Kempin/Getty Images",
         "A man walks past a sign.", "Jason Kempin/Getty Images"),
        ("The rover on Mars. Image credit: NASA/JPL", "The rover on Mars.", "Image credit: NASA/JPL"),
        ("The Peace Tower on Parliament Hill.", "The Peace Tower on Parliament Hill.", None),
        ("Kayakers on the lake. Ann Smith/Cape Times/TNS via Getty Images",
         "Kayakers on the lake.", "Ann Smith/Cape Times/TNS via Getty Images"),
        ("Ann Smith/Cape Times", "", "Ann Smith/Cape Times"),
        ("A farmer checks dry soil near Morden. (Submitted by Dale Wiebe)",
         "A farmer checks dry soil near Morden.", "Submitted by Dale Wiebe"),
        ("Water covers a road near Cairns. (Supplied)", "Water covers a road near Cairns.", "Supplied"),
        # Photographers' names open on capitals outside ASCII too.
        ("Mud in a street in Nysa. Łucja Ćwik / Reuters", "Mud in a street in Nysa.", "Łucja Ćwik / Reuters"),
        ("Traffic in Oslo. NTB/Åse Øien via REUTERS", "Traffic in Oslo.", "NTB/Åse Øien via REUTERS"),
        ("Peacekeepers at a camp in Sudan. Credit Ashraf Shazly/Agence France-Presse — Getty Images",
         "Peacekeepers at a camp in Sudan.", "Credit Ashraf Shazly/Agence France-Presse — Getty Images"),
        ("Passengers aboard the Metrorail in December 2015. Roberto Koltun rkoltun@elnuevoherald.com",
         "Passengers aboard the Metrorail in December 2015.", "Roberto Koltun rkoltun@elnuevoherald.com"),
        ("Fruit at the wholesale market. Foto: Michael Rauhe", "Fruit at the wholesale market.", "Foto: Michael Rauhe"),
        ("The stars on set in Los Angeles in 2016. Dale Robinette",
         "The stars on set in Los Angeles in 2016.", "Dale Robinette"),
        # a by-line in brackets closing the caption, as Australian newsrooms write it
        ("The MacDonnell Ranges from Anzac Hill. (ABC News: Tom Garrick)", "The MacDonnell Ranges from Anzac Hill.",
         "ABC News: Tom Garrick"),
        ("The Law Courts Building in Queens Square, Sydney. (Daniel Kerr)",
         "The Law Courts Building in Queens Square, Sydney.", "Daniel Kerr"),
    ],
)
def test_credit_lines_are_split_off(caption, scene, credit):
    parts = split_caption(caption)
    assert (parts.scene, parts.credit) == (scene, credit)
    assert not parts.file_photo


@pytest.mark.parametrize(
    "caption, scene",
    [
        ("Firefighters in Paradise, Calif. (AP Photo/Noah Berger, File)", "Firefighters in Paradise, Calif."),
        ("File photo: the Blue Lagoon spa, which was evacuated as a precaution.",
         "the Blue Lagoon spa, which was evacuated as a precaution."),
        ("FILE PHOTO - Protesters in Hong Kong, June 2019. REUTERS/Tyrone Siu/File Photo",
         "Protesters in Hong Kong, June 2019."),
        ("A file photo of Taliban negotiators in Doha, Qatar (file photo)", "Taliban negotiators in Doha, Qatar"),
    ],
)
def test_file_photo_wording_is_kept_as_a_flag(caption, scene):
    parts = split_caption(caption)
    assert parts.file_photo
    assert parts.scene == scene


def test_words_that_only_look_like_credits_stay_in_the_scene():
    assert scene_of("Sales rose at the Apple store on Fifth Avenue, AFP reported.") == (
        "Sales rose at the Apple store on Fifth Avenue, AFP reported."
    )
    assert scene_of("The AP Stylebook on a desk.") == "The AP Stylebook on a desk."
    assert scene_of("AC/DC play Wembley Stadium.") == "AC/DC play Wembley Stadium."
    assert scene_of("Fans at the AC/DC concert") == "Fans at the AC/DC concert"
    assert scene_of("The stall in Leeds. Credit cards are accepted.") == "The stall in Leeds. Credit cards are accepted."
    assert scene_of("Send photos of the flood to news@example.com") == "Send photos of the flood to news@example.com"
    # A name that ends a sentence of its own is part of the scene, not a by-line.
    assert scene_of("The winner of the race. Jane Smith.") == "The winner of the race. Jane Smith."
    # a name in brackets within the sentence, or after an initial, is the scene's
    assert scene_of("The defendant leaves court with her lawyer (John Doe)") == (
        "The defendant leaves court with her lawyer (John Doe)")
    assert scene_of("Leaders meet in Washington, D.C. (Joe Biden)") == "Leaders meet in Washington, D.C. (Joe Biden)"
    assert scene_of("Petitions submitted by residents are stacked in the hall.") == (
        "Petitions submitted by residents are stacked in the hall."
    )


@pytest.mark.parametrize(
    "caption, scene, credit",
    [
        ("Slide: 1 / of 2 . Caption: Getty Images", "", "Getty Images"),
        ("Image 3 of 12: Crowds in Lyon. (AFP)", "Crowds in Lyon.", "AFP"),
        ("Photo 2 of 8. A man walks home.", "A man walks home.", None),
        ("1 of 5 Rescue workers search the rubble. Photo: Reuters", "Rescue workers search the rubble.", "Photo: Reuters"),
        ("Caption: Divers at the reef.", "Divers at the reef.", None),
    ],
)
def test_gallery_counters_and_labels_are_not_part_of_the_scene(caption, scene, credit):
    parts = split_caption(caption)
    assert (parts.scene, parts.credit) == (scene, credit)


def test_dates_and_numbers_that_only_look_like_counters_stay():
    assert scene_of("9/11 responders gather at the memorial.") == "9/11 responders gather at the memorial."
    assert scene_of("1 of the 3 rescued climbers rests.") == "1 of the 3 rescued climbers rests."
    assert scene_of("Photographers wait outside the court.") == "Photographers wait outside the court."


def test_a_caption_that_is_only_a_credit_keeps_its_text_for_comparisons():
    parts = split_caption("(Photo: Brett Davis, USA TODAY Sports)")
    assert parts.scene == "" and parts.credit == "Photo: Brett Davis, USA TODAY Sports"
    assert scene_of("(Photo: Brett Davis, USA TODAY Sports)") == "(Photo: Brett Davis, USA TODAY Sports)"


@pytest.mark.parametrize(
    "caption, scene",
    [
        ("Graphic: Argentina's monthly inflation rate, October 2023 to April 2024. Source: INDEC",
         "Argentina's monthly inflation rate, October 2023 to April 2024."),
        ("Map - The route of the new tram line through Lyon", "The route of the new tram line through Lyon"),
        ("CHART: Coffee futures, 2014–2024", "Coffee futures, 2014–2024"),
    ],
)
def test_a_chart_or_map_is_marked_and_its_label_is_no_part_of_the_scene(caption, scene):
    parts = split_caption(caption)
    assert parts.graphic and parts.scene == scene


def test_a_word_that_only_starts_like_a_chart_label_is_a_photo():
    assert not split_caption("Chart-topping singer Ana Ruiz performs in Lyon.").graphic
    assert not split_caption("Mapping crews survey the flooded valley.").graphic
