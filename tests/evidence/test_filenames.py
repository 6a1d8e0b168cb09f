import pytest
from django.core.exceptions import ValidationError

from evidence.filenames import clean_original_filename


def refusal(name) -> str:
    with pytest.raises(ValidationError) as caught:
        clean_original_filename(name)
    return " ".join(caught.value.message_dict["file"])


@pytest.mark.parametrize("name", ["audit report v1.2.pdf", "Заявление.docx", "供应链图.png", "report.final.pdf"])
def test_ordinary_names_are_kept_as_sent(name):
    assert clean_original_filename(name) == name


@pytest.mark.parametrize("name", ["../x.pdf", "a/b.pdf", "a\\b.pdf", "..", "."])
def test_names_with_paths_are_refused(name):
    assert "folder path" in refusal(name)


@pytest.mark.parametrize("char", ["\u202e", "\u202d", "\u2066", "\u200f", "\u061c"])
def test_bidirectional_controls_are_refused(char):
    assert "text-direction character" in refusal(f"invoice{char}fdp.exe")


@pytest.mark.parametrize("char", ["\x00", "\x1b", "\n", "\x7f", "\u2028"])
def test_control_characters_are_refused(char):
    assert "control character" in refusal(f"a{char}b.pdf")


@pytest.mark.parametrize("name", ["scan.pdf.exe", "invoice.exe.pdf", "photo.jpg.js", "Statement.DOCX.scr"])
def test_double_extensions_are_refused(name):
    assert "two extensions" in refusal(name)


@pytest.mark.parametrize("name", ["", "   ", None])
def test_a_missing_name_is_refused(name):
    assert "no name" in refusal(name)


def test_a_name_without_extension_is_refused():
    assert "no extension" in refusal("README")


def test_an_overlong_name_is_refused():
    assert "longer than 255" in refusal("a" * 300 + ".pdf")
