/* Accessibility fixes for the admin's third-party widgets, applied as they are built
   (modeltranslation builds its language switch and tabs with jQuery, at its own pace):
   the language switch gets a name, and Django's filter tooltips (spans with an
   aria-label) get the role that allows one. */
(function () {
  "use strict";
  var script = document.currentScript;
  var label = script ? script.getAttribute("data-switch-label") : "";

  function fix() {
    var switches = document.querySelectorAll("select.modeltranslation-switch:not([aria-label])");
    Array.prototype.forEach.call(switches, function (select) {
      if (label) {
        select.setAttribute("aria-label", label);
      }
    });
    var tips = document.querySelectorAll(".help-tooltip[aria-label]:not([role])");
    Array.prototype.forEach.call(tips, function (tip) {
      tip.setAttribute("role", "img");
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    fix();
    if (window.MutationObserver) {
      var observer = new MutationObserver(fix);
      observer.observe(document.body, { childList: true, subtree: true });
      window.setTimeout(function () { observer.disconnect(); }, 10000);
    }
  });
  window.addEventListener("load", fix);
}());
