// The header menu on a phone (templates/base.html, app.css): the navigation, the search and the account links
// fold behind one "Menu" button. The button starts hidden, so that without this script everything shows,
// wrapped, as on a wide screen; here it is shown and toggles aria-expanded, which app.css reads to show or hide
// the menu below its breakpoint. Escape closes an open menu and gives the focus back to the button. On a wide
// screen the button is not displayed and the menu always shows, whatever aria-expanded says.
(function () {
  "use strict";
  var button = document.querySelector("[data-site-menu-button]");
  var menu = button && document.getElementById(button.getAttribute("aria-controls"));
  if (!menu) {
    return;
  }
  function isOpen() {
    return button.getAttribute("aria-expanded") === "true";
  }
  function setOpen(open) {
    button.setAttribute("aria-expanded", open ? "true" : "false");
  }
  function folded() {
    // The button is displayed only below the breakpoint (app.css); offsetParent is null when it is not.
    return button.offsetParent !== null;
  }
  button.hidden = false;
  setOpen(false);
  button.addEventListener("click", function () {
    setOpen(!isOpen());
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && isOpen() && folded()) {
      setOpen(false);
      button.focus();
    }
  });
})();
