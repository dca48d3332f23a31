"""Dates and numbers in inputs use machine formats whatever the language (issue 14, defect 1): in
zh-hant and zh-hans a saved date rendered as 2026/06/01, which `<input type="date">` cannot show,
so the claim's edit form lost its dates and saving it failed."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django import forms
from django.utils import translation

from portal.forms import DateInput


class Example(forms.Form):
    start = forms.DateField(widget=DateInput)
    amount = forms.DecimalField(max_digits=12, decimal_places=2)


@pytest.mark.parametrize("language", ["zh-hant", "zh-hans", "en"])
def test_a_date_and_an_amount_render_in_machine_formats(language):
    with translation.override(language):
        html = str(Example(initial={"start": dt.date(2026, 6, 1), "amount": Decimal("12500.00")}))
    assert 'type="date"' in html and 'value="2026-06-01"' in html
    assert 'value="12500.00"' in html


@pytest.mark.parametrize("language", ["zh-hant", "zh-hans"])
def test_the_rendered_date_is_read_back_the_same(language):
    with translation.override(language):
        form = Example({"start": "2026-06-01", "amount": "12500.00"})
        assert form.is_valid(), form.errors
        assert form.cleaned_data["start"] == dt.date(2026, 6, 1)
