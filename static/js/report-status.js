/* Follow a report while it compiles, or an import while it is checked or saved: every few
   seconds, fetch its page and replace the status region (a polite live region), until the report is ready or failed. Without
   script, the page refreshes itself instead (the <noscript> refresh in its head). */
(function () {
  "use strict";
  var id = document.getElementById("report-status") ? "report-status" : "job-status";
  var region = document.getElementById(id);
  if (!region || region.getAttribute("data-finished") === "true" || !window.fetch) {
    return;
  }
  function poll() {
    fetch(window.location.href, { credentials: "same-origin" })
      .then(function (response) { return response.text(); })
      .then(function (html) {
        var fresh = new DOMParser().parseFromString(html, "text/html")
          .getElementById(id);
        if (!fresh) { return; }
        if (id === "job-status" && fresh.getAttribute("data-finished") === "true") {
          window.location.reload();  // the preview or the result is the rest of the page
          return;
        }
        region.innerHTML = fresh.innerHTML;
        region.setAttribute("data-finished", fresh.getAttribute("data-finished"));
        if (fresh.getAttribute("data-finished") !== "true") {
          window.setTimeout(poll, 3000);
        }
      })
      .catch(function () { window.setTimeout(poll, 10000); });
  }
  window.setTimeout(poll, 3000);
}());
