"""A booking as an iCalendar file (RFC 5545), for the booker's own calendar."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from icalendar import Calendar, Event

from .models import Booking


def booking_calendar(booking: Booking, url: str) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//GBA Youth Portal//bookings//EN")
    calendar.add("version", "2.0")
    event = Event()
    event.add("uid", f"booking-{booking.pk}@gba-youth-portal")
    event.add("dtstamp", booking.created_at)
    if booking.resource.unit == "hour":
        event.add("dtstart", booking.start)
        event.add("dtend", booking.end)
    else:
        tz = ZoneInfo(booking.resource.place.time_zone)
        event.add("dtstart", booking.start.astimezone(tz).date())
        event.add("dtend", booking.end.astimezone(tz).date())
    event.add("summary", f"{booking.resource.name} ({booking.code})")
    event.add("location", booking.resource.place.address or booking.resource.place.name)
    event.add("url", url)
    event.add("description", url)
    calendar.add_component(event)
    return calendar.to_ical()
