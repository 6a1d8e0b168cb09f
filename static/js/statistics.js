// Charts of the statistics pages, drawn from the JSON the page embeds (cases/statistics/views.py); no network
// calls. Suppressed public figures arrive as null and are left out of the bars; the tables say "suppressed".
(function () {
  "use strict";
  var source = document.getElementById("statistics-chart-data");
  if (!source || typeof Chart === "undefined") { return; }
  var data = JSON.parse(source.textContent);
  var palette = ["#8a5300", "#b50909", "#00712e", "#005ea2", "#1b1b1b", "#6f3331"];
  var axis = { beginAtZero: true, ticks: { precision: 0 } };

  function draw(id, config) {
    var canvas = document.getElementById(id);
    if (canvas && config.data.labels.length) { new Chart(canvas, config); }
  }

  function stacked(id, chart, horizontal) {
    if (!chart) { return; }
    var options = { responsive: true, maintainAspectRatio: false, animation: false,
      plugins: { legend: { display: true } }, scales: { x: { stacked: true }, y: { stacked: true } } };
    if (horizontal) { options.indexAxis = "y"; options.scales.x = Object.assign({ stacked: true }, axis); }
    else { options.scales.y = Object.assign({ stacked: true }, axis); }
    draw(id, { type: "bar", options: options, data: { labels: chart.labels,
      datasets: chart.series.map(function (s, i) { return { label: s.label, data: s.values, backgroundColor: palette[i % palette.length] }; }) } });
  }

  stacked("chart-month", data.month, false);
  stacked("chart-industry", data.industry, true);
  stacked("chart-clocks", data.clocks, true);
  if (data.country) {
    draw("chart-country", { type: "bar", data: { labels: data.country.labels,
      datasets: [{ label: "Shipments", data: data.country.values, backgroundColor: palette[3] }] },
      options: { responsive: true, maintainAspectRatio: false, animation: false, indexAxis: "y",
        plugins: { legend: { display: false } }, scales: { x: axis } } });
  }
})();
