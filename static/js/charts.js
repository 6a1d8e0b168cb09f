// The supervisor's four charts, drawn from the JSON the page embeds (cases/reports.py); no network calls.
(function () {
  "use strict";
  var source = document.getElementById("chart-data");
  if (!source || typeof Chart === "undefined") { return; }
  var data = JSON.parse(source.textContent);
  var palette = ["#005ea2", "#b50909", "#8a5300", "#00712e"];
  var common = { responsive: true, maintainAspectRatio: false, animation: false,
                 plugins: { legend: { display: false } }, scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } };

  // A bar opens the list of what it counts (the chart's "links", one per label), as its data table's row does.
  function draw(id, config, links) {
    var canvas = document.getElementById(id);
    if (!canvas) { return; }
    if (links) {
      config.options = Object.assign({}, config.options, {
        onClick: function (event, elements) { if (elements.length) { window.location.href = links[elements[0].index]; } },
        onHover: function (event, elements) { event.native.target.style.cursor = elements.length ? "pointer" : "default"; }
      });
    }
    new Chart(canvas, config);
  }

  draw("chart-ageing", { type: "bar", options: common, data: {
    labels: data.ageing.labels, datasets: [{ label: "Open detentions", data: data.ageing.values, backgroundColor: palette[0] }] } }, data.ageing.links);
  draw("chart-deadlines", { type: "bar", options: common, data: {
    labels: data.deadlines.labels, datasets: [{ label: "Deadlines due", data: data.deadlines.values, backgroundColor: palette[2] }] } }, data.deadlines.links);
  draw("chart-outcomes", { type: "bar", data: {
    labels: data.outcomes.labels,
    datasets: data.outcomes.series.map(function (s, i) { return { label: s.label, data: s.values, backgroundColor: palette[(i + 3) % 4] }; }) },
    options: Object.assign({}, common, { plugins: { legend: { display: true } },
      scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } } } }) });
  draw("chart-basis", { type: "bar", options: Object.assign({}, common, { indexAxis: "y",
      scales: { x: { beginAtZero: true, ticks: { precision: 0 } } } }), data: {
    labels: data.basis.labels, datasets: [{ label: "Open detentions", data: data.basis.values, backgroundColor: palette[0] }] } },
    data.basis.links);
})();
