from rest_framework import serializers
from rest_framework.generics import RetrieveAPIView

from accounts.models import User
from accounts.roles import role_names


class MeSerializer(serializers.ModelSerializer):
    roles = serializers.SerializerMethodField()

    class Meta:
        model = User
        fields = ["id", "email", "full_name", "preferred_language", "roles"]

    def get_roles(self, user: User) -> list[str]:
        return sorted(role_names(user))


class MeView(RetrieveAPIView):
    """The signed-in user, with their roles."""

    serializer_class = MeSerializer

    def get_object(self):
        return self.request.user
