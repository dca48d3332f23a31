// Charts of the incubator pages. Each <canvas data-chart="line|bar" data-chart-source="ID"> is drawn
// from the JSON in <script id="ID" type="application/json"> ({labels, series: [{label, data}]}).
// The same figures are always in a table on the page, for screen readers and without JavaScript.
(function () {
  "use strict";
  var colours = ["#1d70b8", "#00703c", "#d4351c", "#6f72af", "#f47738"];
  function draw(canvas) {
    if (typeof window.Chart === "undefined") { return; }
    var source = document.getElementById(canvas.getAttribute("data-chart-source"));
    if (!source) { return; }
    var data = JSON.parse(source.textContent);
    var type = canvas.getAttribute("data-chart") || "line";
    new window.Chart(canvas, {
      type: type,
      data: {
        labels: data.labels,
        datasets: data.series.map(function (series, index) {
          return {
            label: series.label,
            data: series.data,
            borderColor: colours[index % colours.length],
            backgroundColor: colours[index % colours.length],
            // monotone: the line never swings above or below the figures it joins (a smoothed
            // curve drew a bump before the first report that no report holds)
            cubicInterpolationMode: "monotone"
          };
        })
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        scales: { y: { beginAtZero: true } }
      }
    });
  }
  function init() { document.querySelectorAll("canvas[data-chart]").forEach(draw); }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); } else { init(); }
})();
