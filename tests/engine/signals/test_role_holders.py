"""Role holders: who a text says holds a role, whose role it is, and who held it before."""

import pytest

from app.engine.signals.role_holders import former_holders, role_holders


@pytest.mark.parametrize("text, role, qualifier, name", [
    ("Fiji head coach Tevita Koroi praised his side.", "coach", "fiji", "Tevita Koroi"),
    ("Maria Lindqvist, chief executive of Svea Kartong, will go.", "executive", "svea kartong", "Maria Lindqvist"),
    ("Germany's Finance Minister Christian Lindner spoke.", "finance minister", "germany", "Christian Lindner"),
    ("U.S. President Joe Biden spoke.", "president", "us", "Joe Biden"),
    ("Assistant coach Tom Smith runs a drill.", "assistant coach", "", "Tom Smith"),
    ("Kaizer Chiefs coach Pieter de Waal on the touchline.", "coach", "kaizer chiefs", "Pieter de Waal"),
    ("Chief Justice Qazi Faez Isa heads the bench.", "chief justice", "", "Qazi Faez Isa"),
    ("Chief executive Karin Lindholm spoke.", "executive", "", "Karin Lindholm"),
    ("Treasurer Dana Whitlock handed down the budget.", "treasurer", "", "Dana Whitlock"),
    # Given names as initials, whose role said after the name, a possessive that is not the name.
    ("Defence Minister A.K. Antony spoke.", "defence minister", "", "A.K. Antony"),
    ("Mayor J. Christian Bollwage of Elizabeth, N.J., spoke.", "mayor", "elizabeth", "J. Christian Bollwage"),
    ("Jeff Eagan, president of the Treasury Employees Union, spoke.", "president", "treasury employees union",
     "Jeff Eagan"),
    ("Prime Minister Boris Johnson's government opened the line.", "prime minister", "", "Boris Johnson"),
    ("Premier Jeremy Rockliff's Liberals won 14 seats.", "premier", "", "Jeremy Rockliff"),
    # whose office, in up to four words before it; up to three small words after a name
    ("New South Wales Transport Minister Daniel Pryce spoke.", "transport minister", "new south wales",
     "Daniel Pryce"),
    ("Anil Mehra, the federal consumer affairs secretary, spoke.", "affairs secretary", "", "Anil Mehra"),
    # the name set off by commas after its role; Hamburg's First Mayor is its mayor
    ("The city's mayor, Ann Bell, cut the ribbon.", "mayor", "", "Ann Bell"),
    ("Hamburg's First Mayor, Karl Brandt, who signed the contract, spoke.", "mayor", "hamburg", "Karl Brandt"),
    # a minister "for" a portfolio of several words, then a name of three
    ("Minister for Health Ong Ye Kung spoke.", "health minister", "", "Ong Ye Kung"),
    ("Minister for Culture, Community and Youth Ong Teck Seng waved.", "youth minister", "", "Ong Teck Seng"),
    ("Minister for Europe Stephen Doughty spoke.", "europe minister", "", "Stephen Doughty"),
])
def test_who_holds_which_role_is_read_from_the_words_before_or_after_a_name(text, role, qualifier, name):
    [holder] = role_holders(text)
    assert (holder.role, holder.qualifier, holder.name) == (role, qualifier, name)


def test_a_former_or_acting_holder_holds_no_role():
    assert role_holders("Former coach Tom Smith and acting chief executive Erik Sandberg spoke.") == []
    # a hyphen's prefix makes another role
    assert role_holders("Commission vice-chair Juliana Cherera and ex-president Tom Smith spoke.") == []


def test_former_three_words_before_the_office_makes_a_past_holder():
    text = "Former British Prime Minister David Cameron arrives at 10 Downing Street."
    assert role_holders(text) == []
    [past] = former_holders(text)
    assert (past.role, past.name) == ("prime minister", "David Cameron")


def test_a_senator_with_a_portfolio_is_an_office_and_a_legislator_is_not():
    [holder] = role_holders("Berlin's health senator, Ulrike Brandt, told reporters.")
    assert (holder.role, holder.qualifier, holder.name) == ("health senator", "berlin", "Ulrike Brandt")
    # many hold a seat in a senate: no one office
    assert role_holders("State Senator Lorraine Kessel and Republican senator John Thune spoke.") == []


@pytest.mark.parametrize("text, role, qualifier, name, title", [
    ("The Mayor of Southwark, Cllr Amara Okafor, kicked off the match.", "mayor", "southwark", "Amara Okafor",
     "Mayor of Southwark"),
    ("The archbishop of Mexico, Cardinal Carlos Aguiar Retes, celebrated Mass.", "archbishop", "mexico",
     "Carlos Aguiar Retes", "archbishop of Mexico"),
    # the body's initials in brackets
    ("The chairperson of the Zimbabwe Electoral Commission (ZEC), Priscilla Chigumba, acknowledged the delays.",
     "chairman", "zimbabwe electoral commission", "Priscilla Chigumba", "chairperson of Zimbabwe Electoral Commission"),
])
def test_whose_office_before_a_name_set_off_by_commas_is_read(text, role, qualifier, name, title):
    [holder] = role_holders(text)
    assert (holder.role, holder.qualifier, holder.name, holder.title) == (role, qualifier, name, title)


def test_a_capitalised_leader_is_an_office_and_a_community_leader_is_not():
    [holder] = role_holders("Opposition Leader Rebecca White said Labor was ready to govern.")
    assert (holder.role, holder.qualifier, holder.name) == ("leader", "opposition", "Rebecca White")
    assert role_holders("community leader Amina Yusuf said the hall would reopen.") == []


def test_a_leader_of_a_named_body_after_a_name_is_its_office_without_the_courtesy_title():
    [holder] = role_holders("Councillor James Lewis, leader of Leeds City Council, said the plan would go ahead.")
    assert (holder.role, holder.qualifier, holder.name) == ("leader", "leeds city council", "James Lewis")
    assert role_holders("Amina Yusuf, a community leader, said the hall would reopen.") == []
    assert role_holders("community leader Amina Yusuf of Leeds said the hall would reopen.") == []
    [hasina] = role_holders("Sheikh Hasina, prime minister of Bangladesh, arrives.")  # a name, not a courtesy
    assert hasina.name == "Sheikh Hasina"


def test_myanmar_s_honorifics_between_an_office_and_a_name_are_no_part_of_the_name():
    [holder] = role_holders("Yangon Region Chief Minister U Kyaw Min Naing opened the main pandal.")
    assert (holder.role, holder.qualifier, holder.name) == ("chief minister", "yangon region", "Kyaw Min Naing")
    assert role_holders("Social Welfare Minister Daw Thet Thet Khine visits a camp.")[0].name == "Thet Thet Khine"


def test_a_leader_of_the_story_s_own_body_named_by_a_common_noun_holds_its_role_whoever_runs_it():
    [holder] = role_holders("Councillor Janet Harrowby, leader of the Labour-run council, told members.")
    assert (holder.role, holder.qualifier, holder.body, holder.name) == ("leader", "", "council", "Janet Harrowby")
    [chair] = role_holders("Jane Doe, chair of the Tory-led planning board, said.")
    assert (chair.qualifier, chair.body) == ("", "board")  # the party that leads it is not whose it is


def test_a_department_s_director_has_no_portfolio_the_department_says_whose_it_is():
    [holder] = role_holders("Criminal Investigation Department director Razali Ismail spoke.")
    assert (holder.role, holder.qualifier) == ("director", "criminal investigation department")
    assert role_holders("Narcotics director Razali Ismail spoke.")[0].role == "narcotics director"


def test_an_office_joined_by_and_before_another_is_the_same_person_s():
    holders = role_holders('"Hybrids are carrying us," President and Chief Executive Hiroshi Tanabe told reporters.')
    assert {(h.role, h.name) for h in holders} == {("executive", "Hiroshi Tanabe"), ("president", "Hiroshi Tanabe")}
    assert {h.role for h in role_holders("Chairman and CEO Tim Cook spoke.")} == {"chairman", "executive"}
    # a vice president and chief executive is no president
    assert "president" not in {h.role for h in role_holders("Vice President and Chief Executive Ann Lee spoke.")}


def test_a_chief_officer_holds_an_office_and_a_police_officer_does_not():
    [cfo] = role_holders("Gulf Crest chief financial officer Marcus Hale presents the results.")
    assert (cfo.role, cfo.name) == ("financial officer", "Marcus Hale")
    assert cfo.title.endswith("chief financial officer")
    [ceo] = role_holders("Chief Executive Officer Ann Lee spoke.")
    assert ceo.role == "executive"  # the chief executive
    assert role_holders("Police officer Mark Lee directs traffic.") == []
