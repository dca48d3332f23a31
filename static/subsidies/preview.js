// A document's preview on the claim page loads only when its section is opened: opening it is
// what the audit log records ("staff opened a document"), so a page view opens nothing.
// <details data-preview-src="URL" data-preview-kind="pdf|image" data-preview-title="NAME">
(function () {
  "use strict";
  function load(details) {
    if (!details.open || details.getAttribute("data-preview-loaded")) { return; }
    details.setAttribute("data-preview-loaded", "1");
    var box = details.querySelector("[data-preview-box]");
    var element;
    if (details.getAttribute("data-preview-kind") === "pdf") {
      element = document.createElement("iframe");
      element.title = details.getAttribute("data-preview-title");
    } else {
      element = document.createElement("img");
      element.alt = details.getAttribute("data-preview-title");
    }
    element.className = "subsidies-preview";
    element.src = details.getAttribute("data-preview-src");
    box.appendChild(element);
  }
  function init() {
    document.querySelectorAll("details[data-preview-src]").forEach(function (details) {
      details.addEventListener("toggle", function () { load(details); });
      load(details);
    });
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); } else { init(); }
})();
