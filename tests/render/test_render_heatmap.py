"""The HTML heat map: counts readable on every shade (WCAG contrast), an APA figure caption."""

from __future__ import annotations

from pathlib import Path

import pytest

from ipatool.read.loader import load_study
from ipatool.render import render_study
from ipatool.render.geometry import contrast, ink, luminance, shade_rgb


def test_luminance_and_contrast_worked_by_hand() -> None:
    assert luminance((255, 255, 255)) == pytest.approx(1.0)
    assert luminance((0, 0, 0)) == 0.0
    assert contrast(1.0, 0.0) == pytest.approx(21.0)
    # #1f4e79: channels 0.0137, 0.0762 and 0.1912 as linear light, so 0.0712 and 8.66:1 on white
    full = luminance(shade_rgb("1"))
    assert full == pytest.approx(0.0712, abs=0.0005)
    assert contrast(full, 1.0) == pytest.approx(8.66, abs=0.02)


def test_every_shade_has_a_count_colour_of_at_least_4_5_to_1() -> None:
    for step in range(0, 101):
        opacity = f"{step / 100:.2f}"
        shade = luminance(shade_rgb(opacity))
        text = 0.0 if ink(opacity) == "#000" else 1.0
        assert contrast(shade, text) >= 4.5, opacity
    assert ink("0.55") == "#000"  # white there would be 2.8:1 (the old rule's choice)
    assert ink("0.15") == "#000" and ink("1.00") == "#fff"


def test_heat_map_is_an_apa_figure(small: Path) -> None:
    study, _ = load_study(small)
    html = render_study(study, formats=["html"]).files["tables.html"].decode()
    figure = html[html.index('<figure class="apa-figure"') : html.index("</figure>")]
    caption = figure[figure.index("<figcaption") : figure.index("</figcaption>")]
    assert '<span class="number">Figure 1</span>' in caption
    assert '<span class="title">Quotes per Theme and Participant</span>' in caption
    assert figure.index("</svg>") < figure.index('<p class="note"><em>Note.</em>')  # note below
    assert "figcaption .number { display: block; font-weight: bold;" in html
    assert "figcaption .title { display: block; font-style: italic; }" in html
