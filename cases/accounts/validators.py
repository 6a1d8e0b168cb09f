"""Password rules beyond Django's: no password made of a few characters over and over."""

from django.core.exceptions import ValidationError


class RepetitionValidator:
    """Refuse passwords with fewer than `min_distinct` different characters or a run over `max_run`.

    "aaaaaaaaaaaa" (one character), "abababababab" (two) and "passsssword12" (a run of five) are among
    the first guesses of any cracking tool even though they are long and in no common-password list.
    """

    def __init__(self, min_distinct: int = 5, max_run: int = 3):
        self.min_distinct, self.max_run = min_distinct, max_run

    def validate(self, password, user=None):
        if len(set(password)) < self.min_distinct:
            raise ValidationError(
                f"This password uses too few different characters: use at least {self.min_distinct}.",
                code="password_too_repetitive",
            )
        run, previous = 0, None
        for char in password:
            run = run + 1 if char == previous else 1
            previous = char
            if run > self.max_run:
                raise ValidationError(
                    f"This password repeats one character more than {self.max_run} times in a row.",
                    code="password_too_repetitive",
                )

    def get_help_text(self):
        return (f"Your password must use at least {self.min_distinct} different characters and may not repeat "
                f"a character more than {self.max_run} times in a row.")
