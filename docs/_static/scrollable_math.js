// A formula wider than the page scrolls sideways (custom.css); make each such formula
// reachable by keyboard, so that it can be scrolled without a mouse (axe:
// scrollable-region-focusable). The theme does the same for code blocks.
function markScrollableMath() {
  document.querySelectorAll('mjx-container[display="true"]').forEach((formula) => {
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
