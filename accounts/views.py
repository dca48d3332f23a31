from __future__ import annotations

from typing import cast

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from . import services
from .forms import ProfileForm, YouthSignUpForm
from .models import Notification, User


class LoginView(auth_views.LoginView):
    """Signs in, then goes on in the user's preferred language unless a `next` page was asked."""

    template_name = "registration/login.html"
    redirect_authenticated_user = True

    def get_success_url(self) -> str:
        url = self.get_redirect_url()
        if url:
            return url
        # form_valid has signed the user in before asking for this URL.
        user = cast(User, self.request.user)
        with translation.override(user.preferred_language):
            return reverse("dashboard")


@never_cache
def signup(request):
    if request.user.is_authenticated:
        return redirect("dashboard")
    form = YouthSignUpForm(request.POST or None, initial={"preferred_language": translation.get_language()})
    if request.method == "POST" and form.is_valid():
        user = services.user_sign_up_youth(
            email=form.cleaned_data["email"],
            password=form.cleaned_data["password1"],
            full_name=form.cleaned_data["full_name"],
            preferred_language=form.cleaned_data["preferred_language"],
        )
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, _("Welcome! Your account has been created."))
        with translation.override(user.preferred_language):
            return redirect(reverse("dashboard"))
    return render(request, "accounts/signup.html", {"form": form})


@login_required
@never_cache
def profile(request):
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        with translation.override(user.preferred_language):
            messages.success(request, _("Your profile has been saved."))
            return redirect(reverse("profile"))
    return render(request, "accounts/profile.html", {"form": form})


@login_required
@never_cache
def notifications(request):
    items = Notification.objects.filter(recipient=request.user)[:100]
    return render(request, "accounts/notifications.html", {"notifications": items})


@login_required
@require_POST
def notifications_read(request):
    services.notifications_mark_read(user=request.user)
    return redirect("notifications")
