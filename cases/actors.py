"""Who acts. People are users; the clocks act as the system actor, which holds no user row."""


class SystemActor:
    """The deadline sweep and other scheduled work. It can fire only transitions marked for it."""

    role = "system"
    pk = None
    id = None
    is_authenticated = False
    is_active = True
    organisation_id = None
    display_name = "the system"
    username = "system"

    def __str__(self) -> str:
        return "the system"


SYSTEM = SystemActor()


def actor_label(actor) -> str:
    if actor is None or isinstance(actor, SystemActor):
        return "system"
    return f"{actor.get_role_display()} {actor.display_name}"
