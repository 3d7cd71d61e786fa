from thai.text import fold, normalise_text, strip_invisible


def test_zero_width_characters_from_thai_word_processors_are_removed():
    assert strip_invisible("สม\u200bชาย\u00ad\ufeff") == "สมชาย"


def test_white_space_runs_fold_to_one_space_and_are_trimmed():
    assert normalise_text("  สมศรี \t\n ใจดี  ") == "สมศรี ใจดี"


def test_a_word_split_by_a_zero_width_space_becomes_one_word():
    assert normalise_text("การ\u200bออกแบบ \u200b บริการ") == "การออกแบบ บริการ"


def test_combining_accents_are_composed():
    assert normalise_text("Cafe\u0301") == "Café"


def test_nfkc_folds_full_width_look_alikes():
    assert fold("ａ＠ＡＧＥＮＣＹ", "NFKC") == "a@AGENCY"
    assert fold("ａ＠ＡＧＥＮＣＹ") == "ａ＠ＡＧＥＮＣＹ"  # NFC keeps them


def test_empty_text_stays_empty():
    assert normalise_text("") == ""
    assert normalise_text("\u200b \u200b") == ""


def test_thai_names_sort_in_dictionary_order_under_their_first_consonant():
    from thai.text import thai_sort_key

    names = ["ตาก", "เชียงใหม่", "กรุงเทพมหานคร", "แม่ฮ่องสอน", "ชลบุรี", "ขอนแก่น", "ลำพูน"]
    assert sorted(names, key=thai_sort_key) == [
        "กรุงเทพมหานคร",
        "ขอนแก่น",
        "ชลบุรี",
        "เชียงใหม่",  # under ช, not after every consonant as in code-point order
        "ตาก",
        "แม่ฮ่องสอน",
        "ลำพูน",
    ]
    # Tone marks decide only between otherwise equal words.
    assert sorted(["ก้า", "กา", "ก่า"], key=thai_sort_key) == ["กา", "ก่า", "ก้า"]


def test_bidirectional_controls_are_removed_so_a_name_cannot_print_reversed():
    from thai.text import normalise_text

    assert normalise_text("\u202eสมชาย ใจดี\u202c") == "สมชาย ใจดี"
    assert normalise_text("Som\u2067chai\u2069 \u200fJaidee") == "Somchai Jaidee"


def test_other_control_characters_are_removed_and_tabs_and_line_breaks_become_spaces():
    # From spreadsheets exported by old systems: NUL, BEL, ESC, DEL and a C1 control.
    assert normalise_text("สม\x00ชาย\x07 ใจ\x1bดี\x7f\x9b") == "สมชาย ใจดี"
    assert normalise_text("สมชาย\tใจดี\r\n") == "สมชาย ใจดี"
    assert strip_invisible("a\x01b\x08c") == "abc"


def test_the_stored_sort_column_orders_like_the_key_and_holds_no_control_characters():
    from thai.text import thai_sort_column, thai_sort_key

    names = ["ตาก", "เชียงใหม่", "กรุงเทพมหานคร", "แม่ฮ่องสอน", "ชลบุรี", "ขอนแก่น", "Bangkok"]
    assert sorted(names, key=thai_sort_column) == sorted(names, key=lambda n: thai_sort_key(n)[0])
    # PostgreSQL text cannot hold NUL, and a locale collation would reorder anything else.
    assert all(set(thai_sort_column(name)) <= set("0123456789abcdef") for name in names)
