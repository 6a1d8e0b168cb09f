// "Print" buttons on printable pages (no inline handlers, so a strict Content-Security-Policy can apply).
document.querySelectorAll("[data-print]").forEach(function (button) {
  button.addEventListener("click", function () { window.print(); });
});
