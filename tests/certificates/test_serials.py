import random
import re

from certificates.serials import (
    ALPHABET,
    check_character,
    is_valid_serial,
    new_serial,
    normalise_serial,
)

SERIAL_SHAPE = re.compile(r"^GL-[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}$")


def _symbols(serial):
    return serial.removeprefix("GL-").replace("-", "")


def test_a_new_serial_has_the_printed_shape_and_is_valid():
    serial = new_serial()
    assert SERIAL_SHAPE.match(serial), serial
    assert is_valid_serial(serial)
    assert normalise_serial(serial) == serial


def test_new_serials_do_not_repeat():
    serials = {new_serial() for _ in range(5000)}
    assert len(serials) == 5000


def test_new_serials_use_every_symbol_in_every_position():
    # 75 random bits would show up as every symbol appearing in each data position; a
    # constant or low-entropy part would not.
    serials = [_symbols(new_serial()) for _ in range(3000)]
    for position in range(15):
        assert {serial[position] for serial in serials} == set(ALPHABET)


def test_it_accepts_what_people_type():
    serial = new_serial()
    symbols = _symbols(serial)
    typed_forms = [
        serial.lower(),
        symbols,
        symbols.lower(),
        " ".join(symbols[i : i + 4] for i in range(0, 16, 4)),
        "gl " + symbols,
        f"  {serial}  ",
        serial.replace("-", ""),
    ]
    for typed in typed_forms:
        assert normalise_serial(typed) == serial, typed


def test_it_reads_o_as_zero_and_i_or_l_as_one():
    data = "0101ABC01DEF011"
    serial = f"GL-{data[:4]}-{data[4:8]}-{data[8:12]}-{data[12:]}{check_character(data)}"
    assert is_valid_serial(serial)
    confused = serial.replace("0", "O", 2).replace("1", "I", 1).replace("1", "l", 1)
    assert confused != serial
    assert normalise_serial(confused) == serial


def test_a_prefix_lookalike_is_not_taken_for_the_prefix():
    # A serial whose data starts with "G1", typed without prefix and with L for 1.
    data = "G1ABCDEFGHJKMNP"
    serial = f"GL-{data[:4]}-{data[4:8]}-{data[8:12]}-{data[12:]}{check_character(data)}"
    typed = "GL" + serial.removeprefix("GL-G1").replace("-", "")
    assert normalise_serial(typed) == serial


def test_it_rejects_wrong_shapes():
    serial = new_serial()
    for text in ["", "GL", serial[:-1], serial + "0", serial.replace("GL", "XX"), "U" * 16, None]:
        assert normalise_serial(text) is None, text
        assert not is_valid_serial(text)


def test_it_rejects_characters_outside_the_alphabet():
    serial = new_serial()
    assert normalise_serial(serial[:-2] + "U" + serial[-1]) is None
    assert normalise_serial(serial[:-2] + "*" + serial[-1]) is None


def test_every_single_character_typo_is_caught():
    rng = random.Random(20200221)
    for _ in range(300):
        symbols = _symbols(new_serial())
        for position in range(16):
            for wrong in ALPHABET:
                if wrong == symbols[position]:
                    continue
                typo = symbols[:position] + wrong + symbols[position + 1 :]
                assert normalise_serial(typo) is None, (symbols, typo)
        # And with a random look of the typed text, not only the compact form.
        position = rng.randrange(16)
        wrong = rng.choice(ALPHABET.replace(symbols[position], ""))
        typo = symbols[:position] + wrong + symbols[position + 1 :]
        assert not is_valid_serial("gl-" + typo.lower())


def test_every_adjacent_transposition_is_caught():
    for _ in range(2000):
        symbols = _symbols(new_serial())
        for position in range(15):
            first, second = symbols[position], symbols[position + 1]
            if first == second:
                continue
            swapped = symbols[:position] + second + first + symbols[position + 2 :]
            assert normalise_serial(swapped) is None, (symbols, swapped)


def test_every_transposition_of_every_symbol_pair_is_caught_in_every_position():
    # Exhaustive over symbol pairs on a fixed background: the property does not depend on luck.
    background = _symbols(new_serial())
    for position in range(15):
        for first in ALPHABET:
            for second in ALPHABET:
                if first == second:
                    continue
                data = (background[:position] + first + second + background[position + 2 :])[:15]
                valid = data + check_character(data)
                # At position 14 the second symbol of the pair is the check character.
                a, b = valid[position], valid[position + 1]
                if a == b:
                    continue
                swapped = valid[:position] + b + a + valid[position + 2 :]
                assert is_valid_serial(valid)
                assert not is_valid_serial(swapped), (valid, swapped)
