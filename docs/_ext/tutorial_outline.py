"""``.. tutorial-outline:: ../gallery/lesson_one``: a part's pages, their times, a time plan.

The directive lists a gallery folder's pages in order, each with its link, its
reading time and run time as this build measured them (see ``page_times``), and
the goal its script states under its title; with ``:plan: Lesson one`` it ends
with the part's time plan for a teacher: reading, running the code, exercises.
The times are known only once every page has been read, so the directive leaves
placeholders that are filled in when the page is written.
"""

from __future__ import annotations

import ast
from pathlib import Path

from docutils import nodes
from docutils.parsers.rst import Directive, directives
from docutils.statemachine import StringList
from page_times import PageTime, say_minutes
from sphinx.application import Sphinx
from sphinx.util import logging

logger = logging.getLogger(__name__)

#: Our estimate, not a measurement: minutes a reader takes to think about one exercise,
#: make its change and read its answer, besides running the page again.
MINUTES_PER_EXERCISE = 5


class page_time(nodes.Inline, nodes.TextElement):
    """Where an outline item's times go, once every page has been read."""


class time_plan(nodes.General, nodes.Element):
    """Where an outline's time plan goes, once every page has been read."""


class TutorialOutline(Directive):
    """A numbered list of a folder's pages, with their times and goals, and a time plan."""

    required_arguments = 1
    has_content = False
    option_spec = {"plan": directives.unchanged_required}

    def run(self):
        env = self.state.document.settings.env
        folder = (Path(env.srcdir) / self.arguments[0]).resolve()
        conf = env.config.sphinx_gallery_conf
        examples_dir = Path(conf["examples_dirs"]).resolve()
        scripts = sorted(folder.glob("plot_*.py"))
        lines, docnames = [], []
        for script in scripts:
            env.note_dependency(str(script))
            title, goal = _title_and_goal(script)
            relative = script.relative_to(examples_dir).with_suffix("").as_posix()
            docnames.append(f"{conf['gallery_dirs']}/{relative}")
            label = f"sphx_glr_{conf['gallery_dirs']}_{relative}.py".replace("/", "_")
            lines += [f"#. :ref:`{title} <{label}>`: {goal}", ""]
        outline = nodes.container(classes=["tutorial-outline"])
        self.state.nested_parse(
            StringList(lines, source=str(folder)), self.content_offset, outline
        )
        for item, docname in zip(outline.findall(nodes.list_item), docnames, strict=True):
            item[0].insert(1, page_time("", "", docname=docname))
        if "plan" in self.options:
            outline += time_plan("", part=self.options["plan"], docnames=docnames)
        return [outline]


def _title_and_goal(script: Path) -> tuple[str, str]:
    """Return a gallery script's title and the paragraph under it, as one line of reST."""
    docstring = ast.get_docstring(ast.parse(script.read_text()), clean=True) or ""
    lines = docstring.splitlines()
    if len(lines) < 3 or set(lines[1].strip()) != {"="}:
        raise ValueError(f"{script} must open with a title underlined with '='.")
    goal = []
    for line in lines[2:]:
        if not line.strip() and goal:
            break
        goal.append(line.strip())
    return lines[0].strip(), " ".join(part for part in goal if part)


def say_seconds(seconds: float | None) -> str:
    """Say a page's run time: seconds under two minutes, else minutes.

    >>> say_seconds(7.25), say_seconds(0.4), say_seconds(150), say_seconds(None)
    ('runs in 7 s', 'runs in under a second', 'runs in about 2.5 minutes', 'not run in this build')
    """
    if seconds is None:
        return "not run in this build"
    if seconds < 1:
        return "runs in under a second"
    return (
        f"runs in {seconds:.0f} s"
        if seconds < 120
        else f"runs in about {seconds / 60:.1f} minutes"
    )


def plan_text(part: str, times: list[PageTime]) -> list[str]:
    """The time plan of a part of the tutorial: in all, then reading, running, exercises."""
    reading = sum(time.minutes for time in times)
    ran = [time for time in times if time.run_seconds is not None]
    running = sum(time.run_seconds for time in ran) / 60
    exercises = sum(time.exercises for time in times)
    thinking = exercises * MINUTES_PER_EXERCISE
    reruns = sum(time.exercises * time.run_seconds for time in ran) / 60
    if len(ran) < len(times):
        missing = (
            f" This build ran {len(ran)} of the {len(times)} pages; the run times of the "
            "others are missing from these sums."
        )
    else:
        missing = ""
    return [
        f"{part} in all, by the times above: {say_minutes(reading + running + thinking + reruns)}."
        + missing,
        f"Reading: {say_minutes(reading)}, the sum of the pages' reading times (prose words / 200 "
        "+ lines of code / 10 + figures / 2, in minutes, counted on the pages as built).",
        f"Running the code: {say_minutes(running)}, the pages' run times as sphinx-gallery "
        "measured them on the machine that built this site; a laptop may be faster or slower.",
        f"Exercises: {say_minutes(thinking + reruns)} for the {exercises} exercises, an estimate: "
        f"{MINUTES_PER_EXERCISE} minutes each to think, change the code and read the answer "
        "(our guess, not measured), plus the run time of its page, to run it again.",
    ]


def fill_outline_times(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Replace the outlines' placeholders with the times of the pages, as this build read them."""
    times = getattr(app.env, "gallery_page_times", {})
    for node in list(doctree.findall(page_time)):
        time = times.get(node["docname"])
        if time is None:
            logger.warning(
                "no time for %s: it was not read in this build", node["docname"], location=node
            )
            node.replace_self(nodes.Text(""))
            continue
        text = f" ({say_minutes(time.minutes)} to read; {say_seconds(time.run_seconds)})"
        node.replace_self(nodes.Text(text))
    for node in list(doctree.findall(time_plan)):
        page_times = [times[name] for name in node["docnames"] if name in times]
        total, *uses = plan_text(node["part"], page_times)
        heading = nodes.paragraph("", "", nodes.strong("", "Time plan. "), nodes.Text(total))
        items = [nodes.list_item("", nodes.paragraph("", line)) for line in uses]
        node.replace_self([heading, nodes.bullet_list("", *items, classes=["time-plan"])])


def setup(app: Sphinx) -> dict:
    """Register the directive and fill in its times when its page is written."""
    app.setup_extension("page_times")
    app.add_directive("tutorial-outline", TutorialOutline)
    app.add_node(page_time)
    app.add_node(time_plan)
    app.connect("doctree-resolved", fill_outline_times)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
