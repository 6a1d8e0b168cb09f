// A wide table scrolls inside its own box on a phone (app.css); make that box reachable by keyboard so its
// hidden columns can be scrolled into view without a mouse (WCAG 2.1.1).
(function () {
  "use strict";
  function mark() {
    document.querySelectorAll(".data-table").forEach(function (table) {
      if (table.scrollWidth > table.clientWidth + 1) {
        table.setAttribute("tabindex", "0");
      } else if (table.getAttribute("tabindex") === "0") {
        table.removeAttribute("tabindex");
      }
    });
  }
  mark();
  window.addEventListener("resize", mark);
  document.addEventListener("htmx:afterSwap", mark);
})();
