// Charts of the statistics page: the data comes from the json_script element; the same
// figures are in the page's tables (the charts are decoration for sighted users).
(function () {
  "use strict";
  function draw() {
    var source = document.getElementById("subsidies-chart-data");
    if (!source || typeof window.Chart === "undefined") { return; }
    var data = JSON.parse(source.textContent);
    new window.Chart(document.getElementById("chart-states"), {
      type: "bar",
      data: { labels: data.states.labels, datasets: [{ label: data.states.label, data: data.states.values, backgroundColor: "#1d70b8" }] },
      options: { plugins: { legend: { display: false } }, scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } }
    });
    new window.Chart(document.getElementById("chart-budget"), {
      type: "bar",
      data: {
        labels: data.budget.labels,
        datasets: [
          { label: data.budget.approved_label, data: data.budget.approved, backgroundColor: "#00703c" },
          { label: data.budget.budget_label, data: data.budget.budget, backgroundColor: "#b1b4b6" }
        ]
      },
      options: { scales: { y: { beginAtZero: true } } }
    });
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", draw); } else { draw(); }
})();
