from django.contrib.auth import authenticate
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from knox import views as knox_views
from rest_framework import serializers
from rest_framework.generics import RetrieveAPIView
from rest_framework.permissions import AllowAny

from accounts import services
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


class TokenCredentialsSerializer(serializers.Serializer):
    """The sign-in of an API client: the account's email as `username`, and its password."""

    username = serializers.CharField(label=_("Email address"), max_length=254)
    password = serializers.CharField(label=_("Password"), max_length=128, trim_whitespace=False)

    def validate(self, attrs):
        user = authenticate(request=self.context.get("request"), username=attrs["username"], password=attrs["password"])
        if user is None:
            raise serializers.ValidationError(
                _("Unable to sign in with the email address and password given."), code="authorization"
            )
        attrs["user"] = user
        return attrs


MAX_TOKENS = 10


class TokenResponseSerializer(serializers.Serializer):
    token = serializers.CharField()
    expiry = serializers.DateTimeField()


class TokenView(knox_views.LoginView):
    """`POST /api/v1/auth/token/` {username, password} -> {token, expiry}: a new token each time,
    which expires (REST_KNOX TOKEN_TTL) and is revoked by signing out (`auth/logout/`, this token;
    `auth/logout-all/`, every token), by a password change or reset, and by "sign out everywhere".
    Failed attempts count towards the same lock-out as the sign-in page (django-axes)."""

    authentication_classes: list = []
    permission_classes = [AllowAny]
    serializer_class = TokenCredentialsSerializer

    def create_token(self):
        """A new token; the account's oldest beyond the newest MAX_TOKENS are revoked (a client that
        signs in again and again never locks its owner out)."""
        made = super().create_token()
        services.api_tokens_keep_newest(user=self.request.user, keep=MAX_TOKENS)
        return made

    @extend_schema(request=TokenCredentialsSerializer, responses=TokenResponseSerializer)
    def post(self, request, format=None):
        credentials = TokenCredentialsSerializer(data=request.data, context={"request": request})
        credentials.is_valid(raise_exception=True)
        request.user = credentials.validated_data["user"]
        return super().post(request, format=format)


class LogoutView(knox_views.LogoutView):
    """Revoke the token this request is signed with."""

    @extend_schema(request=None, responses={204: None})
    def post(self, request, format=None):
        return super().post(request, format=format)


class LogoutAllView(knox_views.LogoutAllView):
    """Revoke every token of the signed-in user."""

    @extend_schema(request=None, responses={204: None})
    def post(self, request, format=None):
        return super().post(request, format=format)
