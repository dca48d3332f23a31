from __future__ import annotations

from typing import cast

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import SetPasswordForm
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from . import services
from .forms import ProfileForm, YouthSignUpForm
from .models import Notification, User


class PasswordChangeView(auth_views.PasswordChangeView):
    """A changed password revokes every API token and ends every other session (this one stays)."""

    def form_valid(self, form):
        response = super().form_valid(form)
        services.api_tokens_revoke(user=form.user)
        return response


class PasswordResetView(auth_views.PasswordResetView):
    """Reset emails are limited: at most RESETS_PER_ADDRESS an hour to one address and
    RESETS_PER_CLIENT an hour from one client address. Past a limit the page answers as ever (it
    never says whether an address has an account) and sends nothing."""

    RESETS_PER_ADDRESS = 3
    RESETS_PER_CLIENT = 20

    def form_valid(self, form):
        from portal.client_address import client_address

        if services.reset_allowed(
            email=form.cleaned_data["email"],
            client=client_address(self.request) or "",
            per_address=self.RESETS_PER_ADDRESS,
            per_client=self.RESETS_PER_CLIENT,
        ):
            return super().form_valid(form)
        return redirect(self.get_success_url())


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """A password set through a reset link ends every session and revokes every API token."""

    def form_valid(self, form):
        response = super().form_valid(form)
        services.sign_out_everywhere(user=form.user)
        return response


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


@login_required
@require_POST
def sign_out_everywhere(request):
    """Ends every session of the person (this one too) and revokes their API tokens."""
    user = cast(User, request.user)
    services.sign_out_everywhere(user=user)
    from django.contrib.auth import logout

    logout(request)
    messages.success(request, _("You are signed out on every device. Sign in again to go on."))
    return redirect("login")


@never_cache
def signup(request):
    """Name, address and language; the answer is the same for every address (nobody learns here
    whether an address has an account): look in your mailbox."""
    if request.user.is_authenticated:
        return redirect("dashboard")
    form = YouthSignUpForm(request.POST or None, initial={"preferred_language": translation.get_language()})
    if request.method == "POST":
        if form.is_valid():
            services.sign_up_request(
                email=form.cleaned_data["email"],
                full_name=form.cleaned_data["full_name"],
                preferred_language=form.cleaned_data["preferred_language"],
            )
            context = {"email": form.cleaned_data["email"], "days": services.VERIFY_DAYS}
            return render(request, "accounts/signup_sent.html", context)
        return render(request, "accounts/signup.html", {"form": form}, status=400)
    return render(request, "accounts/signup.html", {"form": form})


@never_cache
def verify_email(request, token: str):
    """The link of the sign-up email: choose a password, and the account opens and signs in."""
    if request.user.is_authenticated:
        return redirect("dashboard")
    user = services.verification_user(token=token)
    if user is None:
        return render(request, "accounts/verify_expired.html", {"days": services.VERIFY_DAYS}, status=400)
    form = SetPasswordForm(user, request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            opened = services.email_verify(token=token, password=form.cleaned_data["new_password1"])
            if opened is None:
                return render(request, "accounts/verify_expired.html", {"days": services.VERIFY_DAYS}, status=400)
            login(request, opened, backend="django.contrib.auth.backends.ModelBackend")
            with translation.override(opened.preferred_language):
                messages.success(request, _("Welcome! Your account is open."))
                return redirect(reverse("dashboard"))
        return render(request, "accounts/verify_email.html", {"form": form, "account": user}, status=400)
    return render(request, "accounts/verify_email.html", {"form": form, "account": user})


@login_required
@never_cache
def profile(request):
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        user = services.profile_update(user=request.user, **form.cleaned_data)
        with translation.override(user.preferred_language):
            messages.success(request, _("Your profile has been saved."))
            return redirect(reverse("profile"))
    return render(request, "accounts/profile.html", {"form": form})


@login_required
@never_cache
def notifications(request):
    items = list(Notification.objects.filter(recipient=request.user)[:100])
    unread = sum(n.read_at is None for n in items)
    if len(items) < 100 and unread != request.user.unread_notifications:
        services.unread_count_sync(user=request.user)  # the header's count had drifted
    return render(request, "accounts/notifications.html", {"notifications": items})


@login_required
@require_POST
def notifications_read(request):
    services.notifications_mark_read(user=request.user)
    return redirect("notifications")
