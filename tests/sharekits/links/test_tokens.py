import re

from hypothesis import given
from hypothesis import strategies as st

from sharekits.links.tokens import MAX_ID, make_token, read_token

ids = st.integers(min_value=1, max_value=MAX_ID)


@given(ambassador_id=ids, variant_id=ids)
def test_token_is_twelve_url_safe_characters_and_reads_back(ambassador_id, variant_id):
    token = make_token(ambassador_id=ambassador_id, variant_id=variant_id)
    assert re.fullmatch(r"[A-Za-z0-9_-]{12}", token)
    assert read_token(token) == (ambassador_id, variant_id)


@given(
    ambassador_id=ids, variant_id=ids, position=st.integers(0, 11), char=st.sampled_from("aZ0_-")
)
def test_a_changed_character_is_refused(ambassador_id, variant_id, position, char):
    token = make_token(ambassador_id=ambassador_id, variant_id=variant_id)
    forged = token[:position] + char + token[position + 1 :]
    if forged != token:
        assert read_token(forged) is None


def test_neighbouring_ambassadors_tokens_share_no_visible_structure():
    mine = make_token(ambassador_id=1000, variant_id=5)
    neighbour = make_token(ambassador_id=1001, variant_id=5)
    same_position = sum(a == b for a, b in zip(mine, neighbour, strict=True))
    assert same_position <= 4  # a counter or a plain encoding would share most characters


def test_tokens_depend_on_the_secret(settings):
    before = make_token(ambassador_id=7, variant_id=9)
    settings.RELAIS_LINK_SECRET = "another-secret"
    assert make_token(ambassador_id=7, variant_id=9) != before
    assert read_token(before) is None
