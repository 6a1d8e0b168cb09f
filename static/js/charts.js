// The supervisor's four charts, drawn from the JSON the page embeds (cases/reports.py); no network calls.
(function () {
  "use strict";
  var source = document.getElementById("chart-data");
  if (!source || typeof Chart === "undefined") { return; }
  var data = JSON.parse(source.textContent);
  var palette = ["#005ea2", "#b50909", "#8a5300", "#00712e"];
  var common = { responsive: true, maintainAspectRatio: false, animation: false,
                 plugins: { legend: { display: false } }, scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } };

  function draw(id, config) {
    var canvas = document.getElementById(id);
    if (canvas) { new Chart(canvas, config); }
  }

  draw("chart-ageing", { type: "bar", options: common, data: {
    labels: data.ageing.labels, datasets: [{ label: "Open detentions", data: data.ageing.values, backgroundColor: palette[0] }] } });
  draw("chart-deadlines", { type: "bar", options: common, data: {
    labels: data.deadlines.labels, datasets: [{ label: "Deadlines due", data: data.deadlines.values, backgroundColor: palette[2] }] } });
  draw("chart-outcomes", { type: "bar", data: {
    labels: data.outcomes.labels,
    datasets: data.outcomes.series.map(function (s, i) { return { label: s.label, data: s.values, backgroundColor: palette[(i + 3) % 4] }; }) },
    options: Object.assign({}, common, { plugins: { legend: { display: true } },
      scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } } } }) });
  draw("chart-basis", { type: "bar", options: Object.assign({}, common, { indexAxis: "y",
      scales: { x: { beginAtZero: true, ticks: { precision: 0 } } } }), data: {
    labels: data.basis.labels, datasets: [{ label: "Open detentions", data: data.basis.values, backgroundColor: palette[0] }] } });
})();
