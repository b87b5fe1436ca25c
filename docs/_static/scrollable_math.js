// A formula wider than the page scrolls sideways (custom.css); make each such formula
// reachable by keyboard, so that it can be scrolled without a mouse (axe:
// scrollable-region-focusable). The theme does the same for code blocks. An inline
// formula longer than its line (MathJax 3 cannot break it) scrolls the same way.
function markScrollableMath() {
  document.querySelectorAll("mjx-container").forEach((formula) => {
    const inline = formula.getAttribute("display") !== "true";
    if (inline) {
      formula.classList.remove("wide-inline-math");
      const line = formula.parentElement.getBoundingClientRect();
      if (formula.getBoundingClientRect().right > line.right + 1) {
        formula.classList.add("wide-inline-math");
      }
    }
    if (formula.scrollWidth > formula.clientWidth) {
      formula.setAttribute("tabindex", "0");
    } else {
      formula.removeAttribute("tabindex");
    }
  });
}

window.addEventListener("load", () => {
  if (window.MathJax && MathJax.startup && MathJax.startup.promise) {
    MathJax.startup.promise.then(markScrollableMath);
  }
  window.addEventListener("resize", markScrollableMath);
});
