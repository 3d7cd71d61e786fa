from wagtail.users.views.users import UserViewSet

from accounts.forms import GovLabUserCreationForm, GovLabUserEditForm


class GovLabUserViewSet(UserViewSet):
    def get_form_class(self, for_update=False):
        return GovLabUserEditForm if for_update else GovLabUserCreationForm
