"""The API's `ordering` parameter: a field the resource does not sort by is refused with 400 and the list
of fields it accepts, instead of being silently ignored (DRF's OrderingFilter drops unknown terms)."""

from rest_framework.exceptions import ValidationError
from rest_framework.filters import OrderingFilter


class StrictOrderingFilter(OrderingFilter):
    def get_ordering(self, request, queryset, view):
        params = request.query_params.get(self.ordering_param)
        if params:
            terms = [term.strip() for term in params.split(",")]
            valid = {item[0] for item in self.get_valid_fields(queryset, view, {"request": request})}
            bad = [term for term in terms if not term or term.lstrip("-") not in valid]
            if bad:
                accepted = ", ".join(sorted(valid)) or "none"
                raise ValidationError({self.ordering_param: [
                    f"Cannot sort by “{bad[0][:40]}”; this list sorts by: {accepted} (a leading “-” reverses)."]})
        return super().get_ordering(request, queryset, view)
