"""One journey at one screen size: its pages, a screenshot of each main step, and what a user of that size sees.

`journey.step(page, "verdict")` saves $E2E_ARTIFACTS/<journey>/<size>/<nn-verdict>.png and fails when the page is
wider than the screen (a phone user would have to scroll sideways), naming the elements that stick out.
`journey.tap(locator)` presses a link or a button as the user would (a tap on a phone) after checking that it is
on the screen and big enough to hit; `journey.menu(page, name)` follows a link of the site's menu, opening the
menu first on a phone, where it is folded behind one button.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

# WCAG 2.2, 2.5.8 (target size, minimum): 24×24 CSS pixels for a control that is not a link inside a sentence.
MIN_TARGET = 24
# A table cell narrower than 64 px holding more than 30 characters reads one word a line (the squeezed columns
# of a wide table on a phone): also a failure of the step.
# The elements that reach past the right edge of the screen, outside any box that scrolls sideways itself (a
# wide table in its .table-wrap is fine): the culprits of a page that scrolls sideways.
STICKING_OUT = """(width) => {
    const found = [];
    const scrolls = el => { for (let p = el.parentElement; p; p = p.parentElement) {
        const x = getComputedStyle(p).overflowX;
        if ((x === "auto" || x === "scroll" || x === "hidden") && p !== document.body
            && p !== document.documentElement) return true; } return false; };
    for (const el of document.body.querySelectorAll("*")) {
        const box = el.getBoundingClientRect();
        if (box.width && box.right > width + 1 && !scrolls(el)) {
            const classes = typeof el.className === "string" && el.className.trim()
                ? "." + el.className.trim().split(/\\s+/).join(".") : "";
            const id = el.id ? "#" + el.id : "";
            found.push(`${el.tagName.toLowerCase()}${id}${classes} (right ${Math.round(box.right)})`);
        }
    }
    const squeezed = [...document.querySelectorAll("td, th")].filter(cell => {
        const box = cell.getBoundingClientRect();
        return box.width && box.width < 64 && cell.innerText.trim().length > 30;
    }).map(cell => `${cell.tagName.toLowerCase()} "${cell.innerText.trim().slice(0, 40)}…"`);
    const scroll = Math.max(document.documentElement.scrollWidth, window.innerWidth);
    return {scroll: scroll, inner: width, found: found.slice(0, 8),
            squeezed: squeezed.slice(0, 5)};
}"""


@dataclass
class Journey:
    name: str
    size: str
    directory: Path
    opener: Callable
    pages: list = field(default_factory=list)
    steps: int = 0

    @property
    def on_phone(self) -> bool:
        return self.size == "phone"

    def open(self, **options):
        """A page in a fresh context (no cookies) at this journey's size: one per person of the journey. Its user
        answers yes to the pages' confirmations (`data-confirm`)."""
        page = self.opener(**options)
        page.on("dialog", lambda dialog: dialog.accept())
        self.pages.append(page)
        return page

    def step(self, page, name: str, *, full_page: bool = True) -> Path:
        """Keep a screenshot of this step and check that the page is no wider than the screen."""
        self.steps += 1
        path = self.directory / f"{self.steps:02d}-{name}.png"
        path.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(path), full_page=full_page)
        # A mobile browser widens its layout viewport (window.innerWidth) to a page wider than the screen and zooms
        # out: the screen's own width is the measure.
        width = page.evaluate(STICKING_OUT, page.viewport_size["width"])
        assert width["scroll"] <= width["inner"], (
            f"{self.size} {self.name} step {name} ({page.url}): the page is {width['scroll']} px wide on a "
            f"{width['inner']} px screen; sticking out: {', '.join(width['found'])} (screenshot {path})"
        )
        assert not width["squeezed"], (
            f"{self.size} {self.name} step {name} ({page.url}): table cells squeezed to a word a line: "
            f"{'; '.join(width['squeezed'])} (screenshot {path})"
        )
        return path

    def tap(self, locator) -> None:
        """Press a link or a button: on the screen, big enough for a finger on a phone, then tapped or clicked."""
        locator.scroll_into_view_if_needed()
        box = locator.bounding_box()
        viewport = locator.page.viewport_size
        assert box is not None, f"{locator} has no box: it is not shown"
        assert box["x"] >= 0 and box["x"] + box["width"] <= viewport["width"] + 1, (
            f"{self.size}: {locator} reaches outside the screen ({box})"
        )
        if self.on_phone and locator.evaluate("el => el.tagName") in {"BUTTON", "INPUT", "SELECT", "SUMMARY"}:
            assert min(box["width"], box["height"]) >= MIN_TARGET, (
                f"phone: {locator} is {box['width']:.0f}×{box['height']:.0f} px, under {MIN_TARGET}×{MIN_TARGET}"
            )
        if self.on_phone:
            locator.tap()
        else:
            locator.click()

    def menu(self, page, name: str, *, shot: str = "") -> None:
        """Follow the site menu's link `name`; on a phone, open the folded menu first (and keep `shot` of it)."""
        link = page.locator(".nav-panel").get_by_role("link", name=name, exact=True)
        button = page.locator(".nav-menu > summary")
        if self.on_phone:
            assert link.is_hidden(), "on a phone the menu starts folded"
            self.tap(button)
            link.wait_for(state="visible")
        else:
            assert button.is_hidden(), "on a desktop the menu shows without its button"
        if shot:
            self.step(page, shot, full_page=False)
        with page.expect_navigation():
            self.tap(link)
