"""What a participant downloads: the session as an iCalendar file (RFC 5545, with the
`icalendar` library), the check-in code as a QR code (segno), and a certificate of participation
as a PDF (WeasyPrint, with the Noto CJK fonts for Chinese text)."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.errors import Unavailable

from .models import Registration
from .rules import SESSION_REMINDER_BEFORE


def calendar_ics(registration: Registration, *, url: str = "") -> bytes:
    import icalendar

    session = registration.session
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//GBA Youth Portal//events//EN")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    event = icalendar.Event()
    event.add("uid", f"event-registration-{registration.pk}@gba-youth-portal")
    event.add("dtstamp", timezone.now())
    event.add("dtstart", session.starts_at)
    event.add("dtend", session.ends_at)
    event.add("summary", session.title)
    where = session.place.name if session.place else ""
    address = session.place.address if session.place else ""
    location = ", ".join(part for part in (where, address, session.meeting_point) if part)
    if location:
        event.add("location", location)
    description = [
        session.programme.name,
        _("Check-in code: %(code)s") % {"code": registration.code},
    ]
    event.add("description", "\n".join(description))
    if url:
        event.add("url", url)
    alarm = icalendar.Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", session.title)
    alarm.add("trigger", -SESSION_REMINDER_BEFORE)
    event.add_component(alarm)
    calendar.add_component(event)
    return calendar.to_ical()


def qr_svg(code: str) -> str:
    """The check-in code as an inline SVG (no image request, nothing for the CSP to refuse)."""
    import segno

    return segno.make(code, error="m").svg_inline(scale=6, title=code)


def certificate_pdf(registration: Registration) -> bytes:
    try:
        from weasyprint import HTML
    except (ImportError, OSError) as missing:  # WeasyPrint needs the system's Pango (libpango-1.0-0)
        raise Unavailable(
            _("Certificates cannot be made on this server at the moment. Please try again later."),
            reason="pdf_unavailable",
        ) from missing

    session = registration.session
    html = render_to_string(
        "events/certificate.html",
        {
            "registration": registration,
            "session": session,
            "programme": session.programme,
            "name": registration.user.get_full_name(),
            "starts": timezone.localtime(session.starts_at),
            "ends": timezone.localtime(session.ends_at),
            "issued": timezone.localdate(),
        },
    )
    return HTML(string=html).write_pdf()
