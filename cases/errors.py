"""The errors a service raises. Views answer them with a message; the API maps them to status codes."""


class CaseError(Exception):
    """Base of every refusal a service gives; `message` is written for the person who acted."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class ActionNotPermitted(CaseError):
    """The actor's role may never take this action on this object (API: 403)."""


class InvalidTransition(CaseError):
    """The action is refused in the object's current state (API: 409).

    Carries the current state and the action, so the caller can show both and re-render the actions
    that are still allowed.
    """

    def __init__(self, *, action: str, current_state: str, object_label: str, reason: str = ""):
        self.action = action
        self.current_state = current_state
        self.object_label = object_label
        message = f"Cannot {action.replace('_', ' ')}: the {object_label} is {current_state.replace('_', ' ')}."
        if reason:
            message = f"{message[:-1]}: {reason}"
        super().__init__(message)


class StaleObject(InvalidTransition):
    """The form was built from an older version of the object: someone acted on it meanwhile."""
