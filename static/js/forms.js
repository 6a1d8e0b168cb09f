// Forms are checked on the server, which answers with the error summary at the top of the form
// (templates/cases/_form_errors.html): the browser's own validation bubbles are turned off so that
// every problem is listed there, linked to its field. The summary takes the focus when a page opens
// with one, and its links move the focus to the field they name.
(function () {
  "use strict";
  document.querySelectorAll("form").forEach(function (form) {
    if ((form.getAttribute("method") || "").toLowerCase() === "post") {
      form.noValidate = true;
    }
  });
  var summary = document.querySelector("[data-error-summary]");
  if (summary) {
    summary.focus();
  }
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("[data-error-summary] a[href^='#']");
    if (!link) {
      return;
    }
    var field = document.getElementById(link.getAttribute("href").slice(1));
    if (field) {
      event.preventDefault();
      field.focus();
      field.scrollIntoView({block: "center"});
    }
  });
})();
